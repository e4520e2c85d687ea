package org.ddrrbus.bench.pipe;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a Kafka Streams application's own metrics say about a run ({@code --trace}): transactions, records and bytes
 * per transaction and per produce request, and where its stream thread's time went. Totals are taken as differences
 * between two snapshots, so a long-lived application (the exchange) is measured over one run only.
 */
public final class StreamsFigures {

    private static final String THREAD = "stream-thread-metrics";
    private static final String PRODUCER = "producer-metrics";

    private static final String CPU = "cpu";

    private final Map<String, Double> values;

    private StreamsFigures(Map<String, Double> values) {
        this.values = values;
    }

    /**
     * The thread's and its producer's metrics now (totals summed over threads and producers, averages and ratios
     * averaged), and the CPU time so far of
     * the threads whose name contains {@code application} (its stream threads and their producers' senders).
     */
    public static StreamsFigures of(Map<MetricName, ? extends Metric> metrics, String application) {
        Map<String, Double> values = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().contains(application) && thread.getName().contains("StreamThread")) {
                String kind = thread.getName().contains("producer-network") ? "sender" : "stream";
                long nanos = threads.getThreadCpuTime(thread.getId());
                values.merge(CPU + "/" + kind, nanos > 0 ? nanos / 1e6 : 0.0, Double::sum);
            }
        }
        metrics.forEach((name, metric) -> {
            if (!(name.group().equals(THREAD) || name.group().equals(PRODUCER))) {
                return;
            }
            Object value = metric.metricValue();
            if (value instanceof Double d && !d.isNaN() && !d.isInfinite()) {
                values.merge(name.group() + "/" + name.name(), d, Double::sum);
                counts.merge(name.group() + "/" + name.name(), 1, Integer::sum);
            }
        });
        // Totals add up over threads and producers; averages and ratios are averaged over them.
        counts.forEach((key, count) -> {
            if (key.endsWith("-avg") || key.endsWith("-ratio")) {
                values.put(key, values.get(key) / count);
            }
        });
        return new StreamsFigures(values);
    }

    private double total(StreamsFigures before, String group, String name) {
        String key = group + "/" + name;
        return values.getOrDefault(key, 0.0) - before.values.getOrDefault(key, 0.0);
    }

    private double now(String group, String name) {
        return values.getOrDefault(group + "/" + name, Double.NaN);
    }

    /** One line on what happened between {@code before} and this snapshot, {@code events} inputs processed. */
    public String since(StreamsFigures before) {
        double commits = total(before, THREAD, "commit-total");
        double processed = total(before, THREAD, "process-total");
        double sent = total(before, PRODUCER, "record-send-total");
        double requests = total(before, PRODUCER, "request-total");
        double bytes = total(before, PRODUCER, "outgoing-byte-total");
        double flushMs = total(before, PRODUCER, "flush-time-ns-total") / 1e6;
        double offsetsMs = total(before, PRODUCER, "txn-send-offsets-time-ns-total") / 1e6;
        double commitMs = total(before, PRODUCER, "txn-commit-time-ns-total") / 1e6;
        return String.format(
                "%.0f inputs, CPU per input %.1f µs stream thread, %.1f µs producer sender; %.0f commits: %.0f inputs and %.0f records per commit; per commit %.1f ms flush,"
                        + " %.1f ms offsets, %.1f ms commit (thread commit-latency-avg %.1f ms);"
                        + " %.0f requests (%.0f bytes each, records-per-request-avg %.1f, batch-size-avg %.0f B,"
                        + " request-latency-avg %.1f ms, record-queue-time-avg %.1f ms, compression %.2f,"
                        + " retries %.0f); thread ratios process %.2f commit %.2f poll %.2f",
                processed,
                total(before, CPU, "stream") * 1000 / processed,
                total(before, CPU, "sender") * 1000 / processed,
                commits,
                processed / commits,
                sent / commits,
                flushMs / commits,
                offsetsMs / commits,
                commitMs / commits,
                now(THREAD, "commit-latency-avg"),
                requests,
                bytes / requests,
                now(PRODUCER, "records-per-request-avg"),
                now(PRODUCER, "batch-size-avg"),
                now(PRODUCER, "request-latency-avg"),
                now(PRODUCER, "record-queue-time-avg"),
                now(PRODUCER, "compression-rate-avg"),
                total(before, PRODUCER, "record-retry-total"),
                now(THREAD, "process-ratio"),
                now(THREAD, "commit-ratio"),
                now(THREAD, "poll-ratio"));
    }

    /** A snapshot with nothing in it: what a fresh application's totals start from. */
    public static StreamsFigures none() {
        return new StreamsFigures(Map.of());
    }
}
