package org.ddrrbus.embassy.figures;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.health.CaughtUp;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.client.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The latest published figures, read from {@code ddrr.stats} from its beginning: the topic is compacted to the
 * latest figure per key, so replaying it is how the board is rebuilt. No consumer group: the embassy only reads.
 */
@Component
public class FigureBoard implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FigureBoard.class);

    private final BusProperties bus;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private volatile KafkaClientMetrics clientMetrics;
    private final Map<String, Figure> figures = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile CaughtUp caughtUp;
    private Thread reader;

    FigureBoard(BusProperties bus, JsonMapper json, MeterRegistry meters) {
        this.bus = bus;
        this.json = json;
        this.meters = meters;
    }

    public List<Figure> all() {
        return figures.values().stream()
                .sorted(Comparator.comparing(Figure::key))
                .toList();
    }

    public Optional<Figure> get(String key) {
        return Optional.ofNullable(figures.get(key));
    }

    void accept(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            figures.remove(record.key());
            return;
        }
        try {
            figures.put(record.key(), json.readValue(record.value(), Figure.class));
        } catch (RuntimeException e) {
            log.warn(
                    "Ignoring unreadable figure {} at {}-{}@{}",
                    record.key(),
                    record.topic(),
                    record.partition(),
                    record.offset());
        }
    }

    /** Empty once every figure published so far is on the board; otherwise why the service is not ready. */
    public Optional<String> behind() {
        KafkaConsumer<String, byte[]> current = consumer;
        CaughtUp progress = caughtUp;
        if (current == null || progress == null) {
            return Optional.of("not reading " + Topics.STATS + " yet");
        }
        return progress.behind(current.metrics());
    }

    @Override
    public void start() {
        Map<String, Object> props = new HashMap<>(bus.kafkaClientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        // The consumer's own metrics, as Micrometer's binder names them (kafka.consumer.*).
        clientMetrics = new KafkaClientMetrics(consumer);
        clientMetrics.bindTo(meters);
        running.set(true);
        reader = new Thread(this::read, "figure-board");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.STATS, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            caughtUp = new CaughtUp(Topics.STATS, partitions.size());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                consumer.poll(Duration.ofSeconds(1)).forEach(this::accept);
            }
        } catch (WakeupException e) {
            // Stopping.
        } catch (RuntimeException e) {
            log.error("Stopped reading {}: {}", Topics.STATS, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void stop() {
        if (clientMetrics != null) {
            clientMetrics.close();
            clientMetrics = null;
        }
        running.set(false);
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (reader != null) {
            try {
                reader.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
