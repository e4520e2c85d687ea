package org.ddrrbus.client.agreement;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The bus's components the agreement names among an event type's senders (the dashboard, which confirms
     * erasures): each needs an outbox, and its confirmation is expected in an erasure's receipt.
     */
    public java.util.SortedSet<String> sendingComponents() {
        java.util.SortedSet<String> components = new TreeSet<>();
        events.values()
                .forEach(policy -> policy.senders().stream()
                        .filter(sender -> !agencies.containsKey(sender))
                        .forEach(components::add));
        return components;
    }

    /**
     * The purposes for which an agency may record a person's consent: those of every route that needs consent, of
     * every event type the agency may send. A consent licenses sharing, so an agency records consent only for sharing
     * it may itself do; consent for anything else would license nothing it sends, or only what others send.
     */
    public Set<String> consentPurposesFor(String agency) {
        Set<String> purposes = new TreeSet<>();
        for (EventPolicy policy : events.values()) {
            if (policy.maySend(agency)) {
                policy.recipients().values().stream()
                        .filter(Route::consentRequired)
                        .forEach(route -> purposes.addAll(route.purposes()));
            }
        }
        return Set.copyOf(purposes);
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
