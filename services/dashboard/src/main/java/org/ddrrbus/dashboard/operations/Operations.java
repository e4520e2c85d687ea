package org.ddrrbus.dashboard.operations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.ddrrbus.client.stats.Figure;

/**
 * One sample of the operations panel. These are counts of records, not of people, except the quarantine figure,
 * which is suppressed like every figure.
 *
 * @param asOf when it was sampled
 * @param ledgerEventsPerSecond events written to all outboxes per second since the previous sample
 * @param outboxEventsPerSecond the same per agency
 * @param inboxLag per consumer group of each agency: records in its inbox it has not yet committed
 * @param dashboardLag ledger and quarantine records the dashboard itself has not yet committed
 * @param quarantine quarantined events by reason, as the dashboard's own figure (suppressed like every figure)
 * @param meters the bus's own meters, read from the components' Prometheus endpoints
 * @param problem why the sample is incomplete, in one line, if it is
 */
public record Operations(
        Instant asOf,
        double ledgerEventsPerSecond,
        Map<String, Double> outboxEventsPerSecond,
        List<GroupLag> inboxLag,
        long dashboardLag,
        Figure quarantine,
        BusMeters meters,
        String problem) {

    public Operations {
        outboxEventsPerSecond = Map.copyOf(outboxEventsPerSecond);
        inboxLag = List.copyOf(inboxLag);
    }

    /**
     * @param agency whose inbox the group reads
     * @param group the consumer group, always {@code ddrr.<agency>.…}
     * @param lag records not yet committed
     * @param state the group's state as the broker reports it
     */
    public record GroupLag(String agency, String group, long lag, String state) {}

    /** Published whenever a sample is taken, for the live page. */
    public record Sampled(Operations operations) {}
}
