package org.ddrrbus.client.agreement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sharing agreement: agencies, purposes, per event type who sends it and who receives what, and the places an
 * event may name.
 *
 * <p>Deny by default: an event type, an agency or a place the agreement does not name can do nothing.
 */
public record SharingAgreement(
        int version,
        Map<String, String> purposes,
        Map<String, Agency> agencies,
        Map<String, EventPolicy> events,
        Places places) {

    public SharingAgreement {
        purposes = Map.copyOf(purposes);
        agencies = Map.copyOf(agencies);
        events = Map.copyOf(events);
        java.util.Objects.requireNonNull(places, "places");
    }

    public Optional<EventPolicy> policy(String eventType) {
        return Optional.ofNullable(events.get(eventType));
    }

    public Optional<Agency> agency(String id) {
        return Optional.ofNullable(agencies.get(id));
    }

    /** Agencies that publish and receive events, i.e. own an outbox and an inbox, in a stable order. */
    public List<Agency> exchangingAgencies() {
        return agencies.values().stream()
                .filter(Agency::exchangesEvents)
                .sorted(Comparator.comparing(Agency::id))
                .toList();
    }

    public List<Agency> agenciesWith(Role role) {
        return agencies.values().stream()
                .filter(a -> a.has(role))
                .sorted(Comparator.comparing(Agency::id))
                .toList();
    }
}
