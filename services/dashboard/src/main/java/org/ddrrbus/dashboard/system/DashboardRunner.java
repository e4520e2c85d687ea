package org.ddrrbus.dashboard.system;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.dashboard.figures.DashboardSettings;
import org.ddrrbus.dashboard.figures.DashboardTopology;
import org.ddrrbus.dashboard.figures.FigureBoard;
import org.ddrrbus.dashboard.figures.PublishedFigure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the dashboard topology for as long as the application lives, with exactly-once processing so that every
 * event changes the counts exactly once, through crashes and restarts; and copies its figures to the board the web
 * pages read.
 */
@Component
class DashboardRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DashboardRunner.class);

    private final BusProperties bus;
    private final DashboardProperties dashboard;
    private final SharingAgreement agreement;
    private final EventCodec codec;
    private final JsonMapper json;
    private final FigureBoard board;
    private final TaskScheduler scheduler;
    private volatile KafkaStreams streams;
    private volatile ScheduledFuture<?> refresh;

    DashboardRunner(BusProperties bus, DashboardProperties dashboard, SharingAgreement agreement, EventCodec codec,
            JsonMapper json, FigureBoard board, TaskScheduler scheduler) {
        this.bus = bus;
        this.dashboard = dashboard;
        this.agreement = agreement;
        this.codec = codec;
        this.json = json;
        this.board = board;
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        DashboardSettings settings = new DashboardSettings(agreement, codec, json, dashboard.suppressBelow(),
                dashboard.publishInterval(), dashboard.overdueCheckInterval(), dashboard.weeksShown(), dashboard.counties());
        streams = new KafkaStreams(DashboardTopology.build(settings), streamsConfig());
        // A failed stream thread is replaced; its tasks resume from the last committed transaction.
        streams.setUncaughtExceptionHandler(e -> {
            log.error("Dashboard stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> log.info("Dashboard {} -> {}", before, now));
        streams.start();
        refresh = scheduler.scheduleWithFixedDelay(this::refreshBoard, dashboard.refreshInterval());
        log.info("Dashboard started as {} on {}; counts below {} are suppressed", bus.principal(), bus.bootstrapServers(),
                dashboard.suppressBelow());
    }

    Properties streamsConfig() {
        Properties props = new Properties();
        props.putAll(bus.kafkaClientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, dashboard.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) dashboard.commitInterval().toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, dashboard.replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, dashboard.stateDir().toAbsolutePath().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, dashboard.streamThreads());
        // New outboxes are found by pattern; look for them every 30 s rather than every 5 minutes.
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.METADATA_MAX_AGE_CONFIG), 30_000);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // One dashboard normally runs: when it restarts, the group waits for the old member's session to expire
        // unless the leave on close arrives. 10 s rather than 45 s bounds that wait.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        return props;
    }

    /** Copies the figures store to the board; while the store is unreadable the board keeps what it had. */
    private void refreshBoard() {
        KafkaStreams running = streams;
        if (running == null || running.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        try {
            ReadOnlyKeyValueStore<String, PublishedFigure> store = running.store(
                    StoreQueryParameters.fromNameAndType(DashboardTopology.FIGURES, QueryableStoreTypes.keyValueStore()));
            List<PublishedFigure> figures = new ArrayList<>();
            try (KeyValueIterator<String, PublishedFigure> all = store.all()) {
                all.forEachRemaining(entry -> figures.add(entry.value));
            }
            board.replace(figures);
        } catch (InvalidStateStoreException e) {
            log.debug("Figures store not readable yet: {}", e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Could not read the figures store: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = refresh;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        KafkaStreams running = streams;
        if (running != null) {
            // Leave the group: a restarted dashboard is then assigned its tasks at once, not after the session timeout.
            running.close(new KafkaStreams.CloseOptions().timeout(Duration.ofSeconds(30)).leaveGroup(true));
            streams = null;
        }
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.NOT_RUNNING : running.state();
    }
}
