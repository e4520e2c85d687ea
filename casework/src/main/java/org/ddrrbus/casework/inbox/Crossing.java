package org.ddrrbus.casework.inbox;

import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Components;

/**
 * Where an inbox record crossed between two national buses, as this bus's exchange said in the headers it set (only
 * the exchange writes an inbox): an event its federation inlet delivered in its own name names the bus and the agency
 * there that sent it; this agency's own copy of an answer to a referral of another bus names the bus it goes back to,
 * and so does the exchange's copy of an erasure that left for another bus, in the case owner's inbox.
 *
 * @param fromBus the bus an event in the exchange's name came from
 * @param fromAgency the agency of that bus that sent it
 * @param toBus on this agency's own copy, the bus whose referral it answers or reports on; on the exchange's copy of
 *     an erasure, the bus it left for
 */
public record Crossing(Optional<String> fromBus, Optional<String> fromAgency, Optional<String> toBus) {

    /** A record that crossed no border. */
    public static final Crossing NONE = new Crossing(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * What the headers of a record in {@code self}'s inbox say: a foreign origin only on an event in the exchange's
     * name (naming both the bus and its agency), the bus it goes to on {@code self}'s own copy or on the exchange's
     * notice that an erasure left.
     */
    public static Crossing of(Envelope envelope, Headers headers, String self) {
        if (envelope.sender().equals(Components.EXCHANGE)) {
            Optional<String> bus = FederationHeaders.fromBus(headers);
            Optional<String> agency = FederationHeaders.sender(headers);
            if (bus.isPresent() && agency.isPresent()) {
                return arrived(bus.get(), agency.get());
            }
            // The exchange's notice to the case owner that its erasure left for that bus (the federation outlet's).
            return FederationHeaders.toBus(headers).map(Crossing::answering).orElse(NONE);
        }
        if (envelope.sender().equals(self)) {
            return FederationHeaders.toBus(headers).map(Crossing::answering).orElse(NONE);
        }
        return NONE;
    }

    /** An event that {@code agency} of bus {@code bus} sent, delivered here by this bus's exchange. */
    public static Crossing arrived(String bus, String agency) {
        return new Crossing(Optional.of(bus), Optional.of(agency), Optional.empty());
    }

    /** This agency's own answer to a referral of bus {@code bus}, which goes back there. */
    public static Crossing answering(String bus) {
        return new Crossing(Optional.empty(), Optional.empty(), Optional.of(bus));
    }
}
