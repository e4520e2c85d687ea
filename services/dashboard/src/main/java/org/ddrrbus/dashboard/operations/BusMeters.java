package org.ddrrbus.dashboard.operations;

import java.util.List;
import java.util.Map;

/**
 * The bus's own meters as the components count them, read from their Prometheus endpoints; the dashboard counts none
 * of these itself. Counters are totals since each component started.
 *
 * @param published {@code ddrr_published_total} of each partner service, summed over event types, by agency
 * @param delivered {@code ddrr_delivered_total} of the exchange, by receiving agency
 * @param refused {@code ddrr_refused_total} of the exchange, by reason
 * @param quarantined {@code ddrr_quarantined_total} of every component, by reason, summed over components
 * @param inboxLag {@code ddrr_inbox_lag} of each partner service, by agency
 * @param unread the components whose endpoint could not be read, each with why
 */
public record BusMeters(
        Map<String, Long> published,
        Map<String, Long> delivered,
        Map<String, Long> refused,
        Map<String, Long> quarantined,
        Map<String, Long> inboxLag,
        List<String> unread) {

    public BusMeters {
        published = Map.copyOf(published);
        delivered = Map.copyOf(delivered);
        refused = Map.copyOf(refused);
        quarantined = Map.copyOf(quarantined);
        inboxLag = Map.copyOf(inboxLag);
        unread = List.copyOf(unread);
    }

    public static final BusMeters NONE = new BusMeters(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), List.of());
}
