package org.ddrrbus.dashboard.operations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.dashboard.figures.FigureBoard;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Samples the bus every few seconds. The bus's own counts (published, delivered, refused, quarantined, inbox lag) are
 * the components' meters, read from their Prometheus endpoints ({@link MeterReader}); the dashboard counts none of
 * them again. What only the broker knows comes from the admin client: end offsets of the outboxes (throughput), committed
 * offsets of each agency's consumer groups against its inbox's end (lag), and the dashboard's own lag. It only
 * describes; the dashboard's principal cannot read an inbox, and does not need to.
 */
@Component
public class OperationsMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OperationsMonitor.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final Admin admin;
    private final SharingAgreement agreement;
    private final FigureBoard board;
    private final ApplicationEventPublisher events;
    private final TaskScheduler scheduler;
    private final DashboardProperties properties;
    private final MeterReader meters;
    private volatile Operations latest;
    private volatile ScheduledFuture<?> sampling;
    private Map<String, Long> previousEnds = Map.of();
    private Instant previousAt;
    private String lastProblem;

    public OperationsMonitor(
            Admin admin,
            SharingAgreement agreement,
            FigureBoard board,
            ApplicationEventPublisher events,
            TaskScheduler scheduler,
            DashboardProperties properties,
            MeterReader meters) {
        this.admin = admin;
        this.agreement = agreement;
        this.board = board;
        this.events = events;
        this.scheduler = scheduler;
        this.properties = properties;
        this.meters = meters;
    }

    /** The latest sample, if one was taken. */
    public Optional<Operations> latest() {
        return Optional.ofNullable(latest);
    }

    /** The latest sample, taking one now if none was taken yet. */
    public Operations current() {
        Operations sampled = latest;
        if (sampled == null) {
            sample();
            sampled = latest;
        }
        return sampled;
    }

    synchronized void sample() {
        Instant now = Instant.now();
        Figure quarantine = board.snapshot()
                .operations("quarantine-by-reason")
                .orElse(new Figure("quarantine-by-reason", "Quarantined events by reason", now, List.of()));
        BusMeters read;
        try {
            read = meters.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Operations sampled;
        try {
            sampled = measure(now, quarantine, read);
            lastProblem = null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            String problem = "could not sample the bus: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null
                            ? ""
                            : " (" + cause.getMessage().lines().findFirst().orElse("") + ")");
            if (!problem.equals(lastProblem)) {
                log.warn("Operations panel: {}", problem);
                lastProblem = problem;
            }
            Operations previous = latest;
            sampled = new Operations(
                    now,
                    0,
                    Map.of(),
                    previous == null ? List.of() : previous.inboxLag(),
                    previous == null ? -1 : previous.dashboardLag(),
                    quarantine,
                    read,
                    problem);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        latest = sampled;
        events.publishEvent(new Operations.Sampled(sampled));
    }

    private Operations measure(Instant now, Figure quarantine, BusMeters read)
            throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = admin.listTopics().names().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Set<String> wanted = topics.stream()
                .filter(t -> Topics.outboxOwner(t).isPresent()
                        || Topics.inboxOwner(t).isPresent()
                        || t.equals(Topics.QUARANTINE))
                .collect(Collectors.toSet());
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(wanted).allTopicNames().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latestOf = new HashMap<>();
        descriptions
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> latestOf.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        // Read-committed end offsets: what a consumer can see; open transactions are not yet lag.
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        latestOf, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

        Map<String, Long> outboxEnds = new TreeMap<>();
        ends.forEach((tp, info) ->
                Topics.outboxOwner(tp.topic()).ifPresent(agency -> outboxEnds.merge(agency, info.offset(), Long::sum)));
        Map<String, Double> rates = new TreeMap<>();
        double total = 0;
        if (previousAt != null) {
            double seconds = Math.max(0.001, Duration.between(previousAt, now).toMillis() / 1000.0);
            for (Map.Entry<String, Long> outbox : outboxEnds.entrySet()) {
                double rate =
                        Math.max(0, outbox.getValue() - previousEnds.getOrDefault(outbox.getKey(), outbox.getValue()))
                                / seconds;
                rates.put(outbox.getKey(), round(rate));
                total += rate;
            }
        } else {
            outboxEnds.keySet().forEach(agency -> rates.put(agency, 0.0));
        }
        previousEnds = outboxEnds;
        previousAt = now;

        Map<String, String> groups = admin
                .listGroups(ListGroupsOptions.forConsumerGroups())
                .all()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .stream()
                .collect(Collectors.toMap(
                        GroupListing::groupId,
                        g -> g.groupState().map(Object::toString).orElse("UNKNOWN"),
                        (a, b) -> a,
                        TreeMap::new));
        List<Operations.GroupLag> lags = new ArrayList<>();
        for (Agency agency : agreement.exchangingAgencies()) {
            String prefix = Components.groupPrefix(agency.id());
            for (Map.Entry<String, String> group : groups.entrySet()) {
                if (group.getKey().startsWith(prefix)) {
                    long lag = lag(group.getKey(), ends, tp -> tp.topic().equals(Topics.inbox(agency.id())));
                    lags.add(new Operations.GroupLag(agency.id(), group.getKey(), lag, group.getValue()));
                }
            }
        }
        long dashboardLag = lag(
                properties.applicationId(),
                ends,
                tp -> Topics.outboxOwner(tp.topic()).isPresent() || tp.topic().equals(Topics.QUARANTINE));
        return new Operations(now, round(total), rates, lags, dashboardLag, quarantine, read, null);
    }

    /** End offsets minus committed offsets, over the partitions the group should read; an uncommitted partition lags by all of it. */
    private long lag(
            String group,
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends,
            java.util.function.Predicate<TopicPartition> reads)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end : ends.entrySet()) {
            if (reads.test(end.getKey())) {
                OffsetAndMetadata at = committed.get(end.getKey());
                lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
            }
        }
        return lag;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @Override
    public void start() {
        sampling = scheduler.scheduleWithFixedDelay(this::sample, properties.operationsInterval());
    }

    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = sampling;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        sampling = null;
    }

    @Override
    public boolean isRunning() {
        return sampling != null;
    }
}
