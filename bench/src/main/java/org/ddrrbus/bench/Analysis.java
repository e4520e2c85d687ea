package org.ddrrbus.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.Result;
import org.openjdk.jmh.results.RunResult;

/** The reading of the numbers that follows from this run's own figures; the page's closing notes are kept by hand. */
final class Analysis {

    private Analysis() {}

    static void append(StringBuilder md, Benchmark.Figures figures) {
        md.append("\n## Reading the figures\n\n");
        for (int size : List.of(BusPipe.SMALL, BusPipe.DEMO_MEAN)) {
            Optional<Result> bus = Report.find(figures.results(), Report.BUS, size, true);
            Optional<Result> relay = Report.find(figures.results(), Report.RELAY, size, true);
            Optional<Result> bare = Report.find(figures.results(), Report.BARE, size, true);
            Optional<Result> plain = Report.find(figures.results(), Report.PLAIN, size, true);
            if (bus.isEmpty() || relay.isEmpty() || bare.isEmpty() || plain.isEmpty()) {
                continue;
            }
            if (Stream.of(bus, relay, bare, plain).anyMatch(r -> r.get().deliveredPerSecond() <= 0)) {
                md.append(String.format(
                        Locale.ROOT,
                        "- At %d bytes a pipeline delivered nothing in this run (see the table), so its ratios are "
                                + "left out.%n",
                        size));
                continue;
            }
            md.append(String.format(
                    Locale.ROOT,
                    "- At %d bytes: the exactly-once relay without headers reaches %.2f× the plain pipe (the price of "
                            + "transactions, %.1f records written per event and read_committed); with the bus's "
                            + "headers (%d bytes per delivery against a %d-byte value) %.2f× of that; the bus %.2f× "
                            + "the relay with headers, which is what checking, minimising, signing and countersigning cost "
                            + "on top of the floor.%n",
                    size,
                    bare.get().deliveredPerSecond() / plain.get().deliveredPerSecond(),
                    figures.writtenPerEvent().getOrDefault(bus.get().valueBytes(), Double.NaN),
                    bus.get().headerBytes(),
                    bus.get().valueBytes(),
                    relay.get().deliveredPerSecond() / bare.get().deliveredPerSecond(),
                    bus.get().deliveredPerSecond() / relay.get().deliveredPerSecond()));
        }
        figures.profile().ifPresent(hot -> {
            double ours = hot.packages().stream()
                    .filter(f -> f.method().startsWith("org.ddrrbus."))
                    .mapToDouble(Profile.Frame::share)
                    .sum();
            md.append(String.format(
                    Locale.ROOT,
                    "- In the profile, %.0f%% of the exchange threads' samples are in the bus's own code; the rest is "
                            + "Kafka's clients and Streams, Avro, hashing and signing (JDK and Bouncy Castle), "
                            + "compression and the JDK's collections.%n",
                    100 * ours));
        });
        md.append("- Before anything was measured, Flight Recorder started (its first start makes the JVM compile"
                + " again much of what it had compiled, which stalled the exchange for 30 s when it came at the bus's"
                + " peak), the bus ran flat out and every pipeline once, unmeasured, and at each size the bus's peak"
                + " was measured before the other pipelines.\n");
        md.append(
                "- The replay check keeps one number per sender and outbox partition; its changelog gets one record per "
                        + "sender and commit, where the former store of event ids wrote one per event.\n");
        List<RunResult> parts = figures.parts();
        md.append("\n## Costs of the parts\n\n");
        Report.score(parts, "verifyLoneEvent")
                .ifPresent(lone -> Report.score(parts, "verifyEventOfKnownBatch")
                        .ifPresent(batched -> md.append(String.format(
                                Locale.ROOT,
                                "- Checking a sender's signature costs %.1f µs for a lone event and %.1f µs for an event of an "
                                        + "already verified batch: batch signing is what lets the exchange check every event "
                                        + "at Kafka rates.%n",
                                1e6 / lone,
                                1e6 / batched))));
        Report.score(parts, "signOneEvent")
                .ifPresent(one -> md.append(String.format(
                        Locale.ROOT,
                        "- One Ed25519 signature costs %.1f µs here. The exchange countersigns once per chunk of up to 256 "
                                + "deliveries, not per event: its producer holds a transaction's inbox records until a chunk "
                                + "is full (the rest until the commit) and signs their Merkle root.%n",
                        1e6 / one)));
        Report.score(parts, "openRecord")
                .ifPresent(open -> md.append(String.format(
                        Locale.ROOT,
                        "- Opening a record (single-object Avro, schema resolution, header checks) costs %.1f µs.%n",
                        1e6 / open)));
        md.append(
                "- Everything (broker, exchange, producers, consumers) shares this machine's cores, so the bus's work "
                        + "takes CPU from the broker too; on a cluster the broker's share moves elsewhere.\n");
    }
}
