package org.ddrrbus.client.health;

import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether a consumer has read a topic to its end at least once since it started: every partition fetched, and the
 * consumer's own {@code records-lag} (to the last stable offset, as it reads committed records only) at zero. Once
 * reached it holds, so that a burst of new records does not take a caught-up component out of service.
 */
public final class CaughtUp {

    static final String FETCH_METRICS = "consumer-fetch-manager-metrics";
    static final String RECORDS_LAG = "records-lag";
    static final String CONNECTIONS = "connection-count";

    private final String topic;
    private final int partitions;
    private volatile boolean reached;

    public CaughtUp(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
    }

    /** Empty when caught up; otherwise why not, in one line. */
    public Optional<String> behind(Map<MetricName, ? extends Metric> metrics) {
        if (!connected(metrics)) {
            return Optional.of("not connected to Kafka");
        }
        if (reached) {
            return Optional.empty();
        }
        int fetched = 0;
        long lag = 0;
        for (var entry : metrics.entrySet()) {
            if (isLag(entry.getKey(), topic)) {
                fetched++;
                lag += Math.max(0, (long) value(entry.getValue()));
            }
        }
        if (fetched < partitions) {
            return Optional.of("read " + fetched + " of " + partitions + " partitions of " + topic + " so far");
        }
        if (lag > 0) {
            return Optional.of(lag + " records of " + topic + " still to read");
        }
        reached = true;
        return Optional.empty();
    }

    /** The records of {@code topic} the consumer has still to read, over the partitions it has fetched from. */
    public static long lag(Map<MetricName, ? extends Metric> metrics, String topic) {
        long lag = 0;
        for (var entry : metrics.entrySet()) {
            if (isLag(entry.getKey(), topic)) {
                lag += Math.max(0, (long) value(entry.getValue()));
            }
        }
        return lag;
    }

    private static boolean isLag(MetricName name, String topic) {
        return name.group().equals(FETCH_METRICS)
                && name.name().equals(RECORDS_LAG)
                && topic.equals(name.tags().get("topic"))
                && name.tags().containsKey("partition");
    }

    /** Whether any of the client's connections to a broker is open. */
    public static boolean connected(Map<MetricName, ? extends Metric> metrics) {
        return metrics.entrySet().stream()
                .anyMatch(e -> e.getKey().name().equals(CONNECTIONS) && value(e.getValue()) > 0);
    }

    static double value(Metric metric) {
        Object value = metric.metricValue();
        return value instanceof Number number && !Double.isNaN(number.doubleValue()) ? number.doubleValue() : 0;
    }
}
