package org.ddrrbus.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.ddrrbus.bench.pipe.Pipeline;
import org.ddrrbus.bench.pipe.Result;
import org.ddrrbus.bench.pipe.StreamsFigures;
import org.ddrrbus.client.health.StreamsApplication;
import org.ddrrbus.client.metrics.MeterNames;
import org.springframework.context.ConfigurableApplicationContext;

/** What a run prints as it goes: each result, and what the exchange refused during a measurement. */
final class Console {

    private Console() {}

    /** What the exchange refused so far, by reason: a bench event refused would measure the refusal path. */
    static Map<String, Double> refusals(ConfigurableApplicationContext exchange) {
        Map<String, Double> refused = new java.util.TreeMap<>();
        exchange.getBean(MeterRegistry.class)
                .find(MeterNames.REFUSED)
                .counters()
                .forEach(counter ->
                        refused.merge(counter.getId().getTag(MeterNames.REASON), counter.count(), Double::sum));
        return refused;
    }

    static void reportRefusals(Map<String, Double> before, Map<String, Double> after) {
        after.forEach((reason, count) -> {
            double during = count - before.getOrDefault(reason, 0.0);
            if (during > 0) {
                System.out.printf("  the exchange refused %.0f events (%s) during the run%n", during, reason);
            }
        });
    }

    static Result report(Result result) {
        System.out.printf(
                "  %-32s %4d B  offered %8s/s  delivered %9.0f/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms%n",
                result.pipeline(),
                result.valueBytes(),
                result.offeredPerSecond() == 0 ? "max" : Long.toString(result.offeredPerSecond()),
                result.deliveredPerSecond(),
                result.p50Ms(),
                result.p95Ms(),
                result.p99Ms());
        return result;
    }

    /**
     * Prints a measured run, and stops the bench when it measured nothing: a 0 in the table would read as a figure,
     * and every ratio with it would be wrong. The message says what was sent and what arrived.
     */
    static Result measured(Pipeline pipeline, Result result) {
        report(result);
        if (result.delivered() == 0 || result.deliveredPerSecond() == 0) {
            throw new IllegalStateException(String.format(
                    "%s delivered nothing at %d bytes (offered %s): %s",
                    result.pipeline(),
                    result.valueBytes(),
                    result.offeredPerSecond() == 0 ? "as fast as possible" : result.offeredPerSecond() + "/s",
                    pipeline.nothingMeasured()));
        }
        return result;
    }

    /** The exchange's Kafka Streams figures now: what {@code --trace} compares with the relay's. */
    static StreamsFigures exchangeFigures(ConfigurableApplicationContext exchange) {
        return StreamsFigures.of(
                exchange.getBean(StreamsApplication.class).streams().metrics(), "ddrr-exchange");
    }
}
