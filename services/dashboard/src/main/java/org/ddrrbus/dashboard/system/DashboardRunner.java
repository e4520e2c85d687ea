package org.ddrrbus.dashboard.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.health.StreamsApplication;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.streams.ExactlyOnceStreams;
import org.ddrrbus.client.streams.RunningStreams;
import org.ddrrbus.dashboard.figures.DashboardSettings;
import org.ddrrbus.dashboard.figures.DashboardTopology;
import org.ddrrbus.dashboard.figures.FigureBoard;
import org.ddrrbus.dashboard.figures.PublishedFigure;
import org.ddrrbus.dashboard.privacy.Noise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
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
class DashboardRunner implements SmartLifecycle, StreamsApplication {

    private static final Logger log = LoggerFactory.getLogger(DashboardRunner.class);

    private final BusProperties bus;
    private final DashboardProperties dashboard;
    private final SharingAgreement agreement;
    private final EventCodec codec;
    private final JsonMapper json;
    private final FigureBoard board;
    private final TaskScheduler scheduler;
    private final Noise noise;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RunningStreams running = new RunningStreams();
    private final ObjectProvider<SigningKeys> signingKeys;
    private volatile ScheduledFuture<?> refresh;

    DashboardRunner(
            BusProperties bus,
            DashboardProperties dashboard,
            SharingAgreement agreement,
            EventCodec codec,
            JsonMapper json,
            FigureBoard board,
            TaskScheduler scheduler,
            ObjectProvider<Noise> noise,
            ObjectProvider<Clock> clock,
            ObjectProvider<SigningKeys> signingKeys,
            MeterRegistry meters) {
        this.signingKeys = signingKeys;
        this.bus = bus;
        this.dashboard = dashboard;
        this.agreement = agreement;
        this.codec = codec;
        this.json = json;
        this.board = board;
        this.scheduler = scheduler;
        this.meters = meters;
        // Only a test supplies these, to check the counting without noise or to cross a period's end at will.
        this.noise = noise.getIfAvailable(Noise::secure);
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /**
     * The dashboard's signing keys, to confirm erasures with; empty when no key of the key directory speaks for it
     * (then it confirms none, and says so).
     */
    private Optional<Supplier<SigningKey>> confirmingKeys() {
        try {
            SigningKeys keys = signingKeys.getObject();
            return Optional.of(keys);
        } catch (RuntimeException e) {
            log.warn(
                    "The dashboard has no signing key of its own ({}): it confirms no erasure on the bus, and a receipt"
                            + " that expects it waits",
                    e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void start() {
        DashboardSettings settings = new DashboardSettings(
                agreement,
                codec,
                json,
                dashboard.suppressBelow(),
                dashboard.publishInterval(),
                dashboard.overdueCheckInterval(),
                dashboard.weeksShown(),
                dashboard.counties(),
                new DashboardSettings.Release(
                        dashboard.release().interval(), dashboard.release().epsilon(), noise, clock),
                confirmingKeys());
        ExactlyOnceStreams.Settings streamsSettings = new ExactlyOnceStreams.Settings(
                "Dashboard",
                dashboard.applicationId(),
                dashboard.commitInterval(),
                dashboard.replicationFactor(),
                dashboard.stateDir(),
                dashboard.streamThreads());
        running.started(
                ExactlyOnceStreams.start(
                        streamsSettings, DashboardTopology.build(settings), streamsConfig(streamsSettings)),
                meters);
        refresh = scheduler.scheduleWithFixedDelay(this::refreshBoard, dashboard.refreshInterval());
        log.info(
                "Dashboard started as {} on {}; figures released every {} with noise of epsilon {} per count,"
                        + " counts below {} suppressed",
                bus.principal(),
                bus.bootstrapServers(),
                dashboard.release().interval(),
                dashboard.release().epsilon(),
                dashboard.suppressBelow());
    }

    Properties streamsConfig(ExactlyOnceStreams.Settings settings) {
        Properties props = ExactlyOnceStreams.config(bus, settings);
        // One dashboard normally runs: when it restarts, the group waits for the old member's session to expire
        // unless the leave on close arrives. 10 s rather than 45 s bounds that wait.
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_000);
        return props;
    }

    /** Copies the figures store to the board; while the store is unreadable the board keeps what it had. */
    private void refreshBoard() {
        KafkaStreams streams = running.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return;
        }
        try {
            ReadOnlyKeyValueStore<String, PublishedFigure> store = streams.store(StoreQueryParameters.fromNameAndType(
                    DashboardTopology.FIGURES, QueryableStoreTypes.keyValueStore()));
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
        running.stop();
    }

    /** The running application, or null before the start and after the stop: for the readiness probe. */
    @Override
    public KafkaStreams streams() {
        return running.streams();
    }

    @Override
    public boolean isRunning() {
        return running.isRunning();
    }
}
