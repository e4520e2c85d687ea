package org.ddrrbus.federation.agreement;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What two national buses agree may cross between them. Deny by default: an event type, a direction or a sender the
 * agreement does not list never leaves its bus.
 */
public record FederationAgreement(int version, Map<String, Bus> buses, List<Flow> flows) {

    public FederationAgreement {
        buses = Map.copyOf(buses);
        flows = List.copyOf(flows);
    }

    /** The flow that lets {@code sender} on bus {@code from} send {@code eventType} to bus {@code to}, if any. */
    public Optional<Flow> flow(String from, String to, String eventType, String sender) {
        return flows.stream()
                .filter(f -> f.from().equals(from)
                        && f.to().equals(to)
                        && f.eventType().equals(eventType))
                .filter(f -> f.senders().contains(sender))
                .findFirst();
    }

    /** Every flow that leaves bus {@code from}. */
    public List<Flow> flowsFrom(String from) {
        return flows.stream().filter(f -> f.from().equals(from)).toList();
    }

    public Bus bus(String country) {
        Bus bus = buses.get(country);
        if (bus == null) {
            throw new IllegalArgumentException("the federation agreement names no bus '" + country + "'");
        }
        return bus;
    }

    /** The one bus besides {@code country}: a federation links two buses. */
    public Bus other(String country) {
        return buses.values().stream()
                .filter(b -> !b.country().equals(country))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("the federation agreement names no bus but " + country));
    }
}
