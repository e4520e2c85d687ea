package org.ddrrbus.launcher.federation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.TrustAnchors;

/**
 * Which keys of each bus the link trusts: those the federation agreement lists, or, for a trial on one machine
 * ({@code --trust-local-keys}), those the bus's own directory and its exchange's node home hold, printed to paste.
 */
final class LocalTrust {

    private final boolean trustLocalKeys;
    private final Path agreementFile;
    private final Function<String, Path> dataOf;

    LocalTrust(boolean trustLocalKeys, Path agreementFile, Function<String, Path> dataOf) {
        this.trustLocalKeys = trustLocalKeys;
        this.agreementFile = agreementFile;
        this.dataOf = dataOf;
    }

    /**
     * The agreement as loaded, or with the local keys of each bus in {@code needed} trusted where it lists none and the
     * flag says so.
     */
    FederationAgreement trusting(
            FederationAgreement agreement, Set<String> needed, Map<String, LocalBus> buses, PrintWriter out) {
        Map<String, Bus> trusted = new LinkedHashMap<>(agreement.buses());
        for (String country : needed) {
            Bus bus = agreement.bus(country);
            if (bus.trust().hasExchangeKey() && bus.sealingKey().isPresent()) {
                continue;
            }
            if (!trustLocalKeys) {
                throw new IllegalStateException(
                        bus.trust().hasExchangeKey()
                                ? "the federation agreement lists no sealingKey of bus " + country + ", so nothing"
                                        + " about a person can cross to it: paste its operator's key under buses."
                                        + country + ".sealingKey (./ddrr federate --trust-local-keys prints it on"
                                        + " its machine), or for a trial on one machine add --trust-local-keys"
                                : "the federation agreement lists no key of the exchange of bus " + country
                                        + ", so nothing from it would be accepted: paste its operator's keys under"
                                        + " buses." + country + ".keys (./ddrr keys list --data "
                                        + dataOf.apply(country)
                                        + "), or for a trial on one machine add --trust-local-keys");
            }
            LocalBus local = buses.get(country);
            Set<String> principals = new LinkedHashSet<>(List.of(Components.EXCHANGE));
            agreement.flowsFrom(local.country()).forEach(f -> principals.addAll(f.senders()));
            Map<String, byte[]> keys = new LinkedHashMap<>(bus.trust().keys());
            out.println("Trusting the keys bus " + local.country() + "'s directory and its exchange's node home hold"
                    + " (paste under buses." + local.country() + " in " + agreementFile + "):");
            out.println("    keys:");
            for (String principal : principals) {
                for (RegisteredKey key : local.directory().keysOf(principal)) {
                    keys.put(key.keyId(), key.publicKey());
                    out.println("      \"" + key.keyId() + "\": "
                            + Base64.getEncoder().encodeToString(key.publicKey()));
                }
            }
            // The public part of its exchange's federation key pair: what crosses to that bus is sealed to it.
            String sealingKey = bus.sealingKey().orElseGet(() -> local.sealing().publicKey());
            out.println("    sealingKey: " + sealingKey);
            trusted.put(
                    local.country(),
                    new Bus(
                            bus.country(),
                            bus.name(),
                            bus.subjectPrefix(),
                            bus.caCertificate(),
                            new TrustAnchors(keys),
                            Optional.of(sealingKey),
                            bus.keyHolder()));
        }
        return new FederationAgreement(agreement.version(), trusted, agreement.flows());
    }
}
