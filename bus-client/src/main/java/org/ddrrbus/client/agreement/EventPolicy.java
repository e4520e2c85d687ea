package org.ddrrbus.client.agreement;

import java.time.Period;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the agreement says about one event type.
 *
 * @param addressedBy the field naming the one agency the event is for (e.g. {@code toAgency}); empty when the event
 *     goes to every listed recipient
 */
public record EventPolicy(
        String eventType,
        Set<String> senders,
        Optional<String> addressedBy,
        String legalBasis,
        Period retention,
        Map<String, Route> recipients) {

    public EventPolicy {
        senders = Set.copyOf(senders);
        recipients = Map.copyOf(recipients);
    }

    public boolean maySend(String agency) {
        return senders.contains(agency);
    }

    public Optional<Route> routeTo(String recipient) {
        return Optional.ofNullable(recipients.get(recipient));
    }

    public String legalBasisFor(Route route) {
        return route.legalBasis().orElse(legalBasis);
    }
}
