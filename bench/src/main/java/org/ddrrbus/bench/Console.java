package org.ddrrbus.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.ddrrbus.bench.pipe.BusPipe;
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

    /**
     * Offers the bus 2,000 events/s for one step (5 s, 1 s in the short form) until it delivers at least half of that
     * (at most 8 times), so that its peak is measured from an exchange that keeps up, and says how long that took when
     * once was not enough. On 2026-12-05 the exchange delivered almost nothing for 20 to 40 s here in 3 of 5 runs and
     * the first size's peak measured that: the cause was the bench itself, which started Flight Recorder for the
     * profile just before ({@link Profile#prepare()}).
     */
    static void settle(Pipeline bus, Duration step) throws InterruptedException {
        long started = System.nanoTime();
        for (int tries = 1; tries <= 8; tries++) {
            Result probe = bus.run(2_000, step, step.dividedBy(2), 1);
            if (probe.deliveredPerSecond() >= 1_000) {
                if (tries > 1) {
                    System.out.printf(
                            "  the bus kept up with 2,000 events/s again after %.0f s (%d probes)%n",
                            (System.nanoTime() - started) / 1e9, tries);
                }
                return;
            }
        }
        System.out.printf(
                "  the bus did not keep up with 2,000 events/s within %.0f s; measuring all the same%n",
                (System.nanoTime() - started) / 1e9);
    }

    /**
     * Brings the exchange up to speed before anything of it is measured. Until 2026-12-04 only the first size's runs
     * warmed it (a few seconds at 1,000 and 2,000 events/s), and the first size measured came out 4 to 10 times slower
     * than the second, whichever size it was (42 bytes then 55 gave 1,737–2,110 against 14,212 events/s; 55 then 42
     * gave 433 against 4,616), which read as a difference between two nearly equal sizes. On a saturated machine a
     * fresh exchange can also stall for tens of seconds in its first minutes, warmed or not: {@code --trace} shows it.
     */
    static void warmUp(BusPipe bus, Options options) throws InterruptedException {
        System.out.println("warming up the bus ...");
        // Until the exchange delivers: on a busy machine its first rebalance can take a while. Slowly, so the probes
        // leave no backlog for the runs after them.
        for (int tries = 0;
                tries < 10
                        && bus.run(100, options.step(), Duration.ofSeconds(1), 1)
                                        .delivered()
                                == 0;
                tries++) {
            System.out.println("  waiting for the exchange to deliver ...");
        }
        // Then flat out for as long as a measurement, unmeasured: the JIT compiles the exchange's hot path here.
        Result warm = bus.run(0, options.duration(), options.warmUp(), 1);
        System.out.printf("  warm-up, not measured: %.0f events/s%n", warm.deliveredPerSecond());
    }
}
