package org.ddrrbus.exchange;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.awaitility.Awaitility;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.springframework.context.ConfigurableApplicationContext;

/** The exchange application on a test bus, and the one thing every hostile-input test waits for: its lag at zero. */
final class RunningExchange implements AutoCloseable {

    private final TestBus bus;
    private final Path folder;
    private final ConfigurableApplicationContext context;

    private RunningExchange(TestBus bus, Path folder, ConfigurableApplicationContext context) {
        this.bus = bus;
        this.folder = folder;
        this.context = context;
    }

    static RunningExchange start(TestBus bus) {
        return start(bus, Clock.systemUTC());
    }

    /** The exchange on a clock of its own: one that says a week has passed, say. */
    static RunningExchange start(TestBus bus, Clock clock) {
        Path folder;
        try {
            folder = Files.createTempDirectory("exchange-it");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunningExchange(
                bus,
                folder,
                ExchangeApplication.application()
                        .initializers(context -> context.getBeanFactory().registerSingleton("clock", clock))
                        .run(arguments(bus, folder)));
    }

    /**
     * The arguments that run the exchange on {@code bus} with everything it writes in {@code folder}: its state, its
     * subject keys (kept beside its state) and Tomcat's scratch, so a test removes them all with the folder.
     */
    static String[] arguments(TestBus bus, Path folder) {
        return new String[] {
            "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
            "--ddrr.bus.password=" + bus.passwordOf(Components.EXCHANGE),
            "--ddrr.bus.keys-dir=" + bus.keysDir(),
            "--ddrr.exchange.state-dir=" + folder.resolve("state"),
            "--server.tomcat.basedir=" + folder.resolve("tomcat")
        };
    }

    /**
     * Waits until the exchange has committed its work on everything in every outbox: its consumer group's offsets
     * reach the end of each partition, so nothing is stuck behind a record it could not handle.
     */
    void awaitLagZero() {
        try (Admin admin = bus.admin()) {
            Awaitility.await("the exchange's lag to return to zero")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> lag(admin) == 0);
        }
    }

    private static long lag(Admin admin) throws Exception {
        Set<String> outboxes = admin.listTopics().names().get().stream()
                .filter(t -> t.startsWith(Topics.OUTBOX_PREFIX))
                .collect(Collectors.toSet());
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(outboxes)
                .allTopicNames()
                .get()
                .values()
                .forEach(d -> d.partitions()
                        .forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        Components.EXCHANGE_APPLICATION_ID)
                .partitionsToOffsetAndMetadata()
                .get();
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    @Override
    public void close() {
        context.close();
        try {
            Utils.delete(folder.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the exchange's folder " + folder, e);
        }
    }
}
