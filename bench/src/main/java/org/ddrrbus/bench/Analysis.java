package org.ddrrbus.bench;

import java.util.List;
import java.util.Locale;
import org.ddrrbus.bench.pipe.Result;
import org.openjdk.jmh.results.RunResult;

/** The reading of the numbers: where the bus's time goes, computed from this run's own figures. */
final class Analysis {

    private Analysis() {}

    static void append(StringBuilder md, List<Result> results, List<RunResult> parts) {
        md.append("\n## Where the time goes\n\n");
        Report.score(parts, "verifyLoneEvent").ifPresent(lone -> Report.score(parts, "verifyEventOfKnownBatch").ifPresent(batched ->
                md.append(String.format(Locale.ROOT,
                        "- Checking a sender's signature costs %.1f µs for a lone event and %.1f µs for an event of an already verified batch: "
                                + "batch signing is what lets the exchange check every event at Kafka rates.%n", 1e6 / lone, 1e6 / batched))));
        Report.score(parts, "signOneEvent").ifPresent(one -> md.append(String.format(Locale.ROOT,
                "- The exchange countersigns the records it writes for each event with one signature (%.1f µs on this machine); "
                        + "per event, not per transaction, because a Kafka Streams processor cannot see its transaction's boundary "
                        + "without holding records back in a store. That signature is the largest single cost per event.%n", 1e6 / one)));
        Report.score(parts, "openRecord").ifPresent(open -> md.append(String.format(Locale.ROOT,
                "- Opening a record (single-object Avro, schema resolution, header checks) costs %.1f µs.%n", 1e6 / open)));
        if (results.size() >= 4) {
            Result busHalf = results.get(3);
            md.append(String.format(Locale.ROOT,
                    "- Latency follows the exchange's commit interval (25 ms): inbox readers use read_committed and see a delivery only "
                            + "once its transaction commits, so p50 sits near half the interval plus two hops (%.1f ms here).%n", busHalf.p50Ms()));
        }
        md.append("- The exchange writes two records per event (the delivery and the sender's receipt) where the plain relay writes one, "
                + "and all of it — broker, exchange, producers, consumers — shares this machine's cores.\n");
    }
}
