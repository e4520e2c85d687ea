package org.ddrrbus.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.Result;

/** One target of issue 14, as this run measured it. */
record Target(String name, double measured, double target, boolean atMost, String sentence) {

    boolean met() {
        return atMost ? measured < target : measured >= target;
    }

    static List<Target> of(Benchmark.Figures figures) {
        List<Result> results = figures.results();
        List<Target> targets = new ArrayList<>();
        for (int size : List.of(BusPipe.SMALL, BusPipe.DEMO_MEAN)) {
            Optional<Result> bus = Report.find(results, Report.BUS, size, true);
            Optional<Result> relay = Report.find(results, Report.RELAY, size, true);
            Optional<Result> plain = Report.find(results, Report.PLAIN, size, true);
            if (bus.isPresent() && relay.isPresent()) {
                targets.add(ratio(
                        "bus/relay@" + size,
                        bus.get(),
                        relay.get(),
                        Report.TARGET_OF_RELAY,
                        "at " + size
                                + " bytes the bus delivers %.2f× the exactly-once relay that writes the same records "
                                + "with the same headers (target ≥ %.1f×)"));
            }
            if (bus.isPresent() && plain.isPresent()) {
                Target ofPlain = ratio(
                        "bus/plain@" + size,
                        bus.get(),
                        plain.get(),
                        size == BusPipe.DEMO_MEAN ? Report.TARGET_OF_PLAIN : 0,
                        "at " + size + " bytes the bus delivers %.2f× the plain pipe"
                                + (size == BusPipe.DEMO_MEAN ? " (target ≥ %.1f×)" : "%.0s"));
                Optional<Result> bare = Report.find(results, Report.BARE, size, true);
                targets.add(
                        relay.isPresent() && bare.isPresent()
                                ? ofPlain.withFloor(plain.get(), relay.get(), bare.get())
                                : ofPlain);
            }
        }
        Report.find(results, Report.BUS, BusPipe.DEMO_MEAN, false).ifPresent(half -> {
            String sentence = String.format(
                    Locale.ROOT,
                    "at half its own peak (%d events/s offered, %d bytes) the bus's publish→inbox p99 is **%.1f ms** "
                            + "(target < %.0f ms)",
                    half.offeredPerSecond(),
                    half.valueBytes(),
                    half.p99Ms(),
                    Report.TARGET_P99_MS);
            targets.add(new Target(
                    "p99@halfpeak",
                    half.p99Ms(),
                    Report.TARGET_P99_MS,
                    true,
                    mark(sentence, half.p99Ms() < Report.TARGET_P99_MS)));
        });
        figures.audit().ifPresent(audit -> {
            String sentence = String.format(
                    Locale.ROOT,
                    "`audit verify` checked **%,d records** of %s (%,d delivered by the exchange in this run, the rest "
                            + "byte-for-byte copies of them) in %.1f s: **%,.0f records/s** (target ≥ %,.0f), exit code %d",
                    audit.records(),
                    audit.topic(),
                    audit.distinct(),
                    audit.seconds(),
                    audit.perSecond(),
                    Report.TARGET_AUDIT_PER_SECOND,
                    audit.exitCode());
            boolean met =
                    audit.perSecond() >= Report.TARGET_AUDIT_PER_SECOND && audit.records() >= Benchmark.AUDITED_RECORDS;
            targets.add(
                    new Target("audit", audit.perSecond(), Report.TARGET_AUDIT_PER_SECOND, false, mark(sentence, met)));
        });
        return targets;
    }

    /**
     * The same, with what the relays of the same run reach against the plain pipe: no pipeline that writes the bus's
     * records under exactly once can do better than they, since they check and sign nothing.
     */
    private Target withFloor(Result plain, Result relay, Result bare) {
        if (Double.isNaN(measured) || plain.deliveredPerSecond() <= 0) {
            return this;
        }
        return new Target(
                name,
                measured,
                target,
                atMost,
                sentence
                        + String.format(
                                Locale.ROOT,
                                " The floor in the same run: the exactly-once relay that writes the same records with"
                                        + " the same headers reaches %.2f× the plain pipe, and without any headers %.2f×"
                                        + " (see \"Why the plain pipe's 0.3× is out of reach\" below).",
                                relay.deliveredPerSecond() / plain.deliveredPerSecond(),
                                bare.deliveredPerSecond() / plain.deliveredPerSecond()));
    }

    private static Target ratio(String name, Result bus, Result other, double target, String format) {
        if (bus.deliveredPerSecond() <= 0 || other.deliveredPerSecond() <= 0) {
            // A pipeline that delivered nothing failed to run (it did not start, or it lost its group); a ratio of it
            // would read as infinitely fast or infinitely slow, so say that this run cannot judge the target.
            String failed = bus.deliveredPerSecond() <= 0 ? bus.pipeline() : other.pipeline();
            return new Target(
                    name,
                    Double.NaN,
                    target,
                    false,
                    "at " + bus.valueBytes() + " bytes the " + failed
                            + " delivered nothing in this run, so this ratio **could not be measured**; run the bench"
                            + " again.");
        }
        double measured = bus.deliveredPerSecond() / other.deliveredPerSecond();
        String sentence = String.format(Locale.ROOT, format.replaceFirst("%\\.2f×", "**%.2f×**"), measured, target);
        return new Target(
                name, measured, target, false, target == 0 ? sentence + "." : mark(sentence, measured >= target));
    }

    private static String mark(String sentence, boolean met) {
        return sentence + ": **" + (met ? "met" : "not met") + "**.";
    }
}
