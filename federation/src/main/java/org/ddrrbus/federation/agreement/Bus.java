package org.ddrrbus.federation.agreement;

import java.util.Optional;

/**
 * One national bus of the federation and what the other bus trusts of it.
 *
 * @param country two lower-case letters, e.g. {@code ke}, {@code so}; names the bus in topic names and flows
 * @param subjectPrefix the prefix of every subjectRef this bus issues, e.g. {@code SO-}; an event about a person from
 *     this bus that does not carry it is refused on the other side
 * @param caCertificate the bus CA's certificate (PEM) the other side's MirrorMaker trusts when it connects here
 */
public record Bus(
        String country, String name, String subjectPrefix, Optional<String> caCertificate, TrustAnchors trust) {}
