package org.ddrrbus.federation.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;

/**
 * One national bus as its operator gives it to the federation link.
 *
 * @param country the bus's two-letter code in the federation agreement
 * @param national its own sharing agreement
 * @param admin client settings of its operator ({@code admin}), to create the federation's topics, ACLs and
 *     MirrorMaker's principal
 * @param exchange client settings of its exchange, which runs the outlet and the inlet
 * @param exchangeKey the exchange's signing key, as the bus's key directory sees it
 * @param verifier checks signatures against the bus's own key directory
 * @param login client settings for any principal and password on this bus (address and TLS trust included)
 * @param subjectKeys the people's data keys of this bus, as its exchange holds them: the outlet opens what its
 *     agencies sealed with them, the inlet seals what arrives under them
 * @param sealing this bus's exchange's federation key pair: what the other bus sends here is sealed to its public part
 * @param keyHolderCertificate the key and certificate chain (PEM) of this bus's CA that its key holder for the linked
 *     bus serves with, where the federation agreement lists that key holder at an {@code https:} address
 */
public record BusEnd(
        String country,
        SharingAgreement national,
        Map<String, Object> admin,
        Map<String, Object> exchange,
        Supplier<SigningKey> exchangeKey,
        SignatureVerifier verifier,
        BiFunction<String, String, Map<String, Object>> login,
        SubjectKeyHolder subjectKeys,
        FederationSeal.KeyPair sealing,
        Optional<Path> keyHolderCertificate) {

    public BusEnd {
        admin = Map.copyOf(admin);
        exchange = Map.copyOf(exchange);
    }

    /** The agencies the bus's agreement makes auditors: they may read both flows there. */
    public Set<String> auditors() {
        return national.agenciesWith(Role.AUDITOR).stream().map(Agency::id).collect(Collectors.toSet());
    }
}
