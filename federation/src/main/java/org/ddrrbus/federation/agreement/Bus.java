package org.ddrrbus.federation.agreement;

import com.google.crypto.tink.HybridEncrypt;
import java.net.URI;
import java.util.Optional;
import org.ddrrbus.client.envelope.FederationSeal;

/**
 * One national bus of the federation and what the other bus trusts of it.
 *
 * @param country two lower-case letters, e.g. {@code ke}, {@code so}; names the bus in topic names and flows
 * @param subjectPrefix the prefix of every subjectRef this bus issues, e.g. {@code SO-}; an event about a person from
 *     this bus that does not carry it is refused on the other side
 * @param caCertificate the bus CA's certificate (PEM) the other side's MirrorMaker trusts when it connects here
 * @param sealingKey the public part of this bus's exchange's federation key pair (base64 Tink public keyset, HPKE
 *     {@link FederationSeal#PARAMETERS}): the other bus's outlet seals every person's content it sends here to it
 * @param keyHolder where this bus's exchange answers the other bus's signed requests for the key of a person whose
 *     events crossed there ({@code https:}, or {@code http:} on loopback); when listed, this bus's outlet seals each
 *     person's content under its own key of the person inside the seal to the other bus
 */
public record Bus(
        String country,
        String name,
        String subjectPrefix,
        Optional<String> caCertificate,
        TrustAnchors trust,
        Optional<String> sealingKey,
        Optional<URI> keyHolder) {

    /** The key to seal what crosses to this bus to. @throws IllegalStateException when the agreement lists none */
    public HybridEncrypt sealTo() {
        return FederationSeal.publicKey(sealingKey.orElseThrow(() -> new IllegalStateException(
                "the federation agreement lists no sealingKey of bus " + country + ": nothing about a person can be"
                        + " sealed to it, so nothing crosses there (paste its exchange's key under buses." + country
                        + ".sealingKey)")));
    }
}
