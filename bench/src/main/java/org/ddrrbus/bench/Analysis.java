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
        Report.score(parts, "verifyLoneEvent")
                .ifPresent(lone -> Report.score(parts, "verifyEventOfKnownBatch")
                        .ifPresent(batched -> md.append(String.format(
                                Locale.ROOT,
                                "- Checking a sender's signature costs %.1f µs for a lone event and %.1f µs for an event of an already verified batch: "
                                        + "batch signing is what lets the exchange check every event at Kafka rates.%n",
                                1e6 / lone,
                                1e6 / batched))));
        Report.score(parts, "signOneEvent")
                .ifPresent(one -> md.append(String.format(
                        Locale.ROOT,
                        "- One Ed25519 signature costs %.1f µs here. The exchange countersigns once per transaction, not per event: its "
                                + "producer holds the inbox records of a transaction and signs their Merkle root at commit, so the "
                                + "signature is spread over every record of a 25 ms commit.%n",
                        1e6 / one)));
        Report.score(parts, "openRecord")
                .ifPresent(open -> md.append(String.format(
                        Locale.ROOT,
                        "- Opening a record (single-object Avro, schema resolution, header checks) costs %.1f µs.%n",
                        1e6 / open)));
        if (results.size() >= 4) {
            Result busHalf = results.get(3);
            md.append(String.format(
                    Locale.ROOT,
                    "- Latency follows the exchange's commit interval (25 ms): inbox readers use read_committed and see a delivery only "
                            + "once its transaction commits, so p50 sits near half the interval plus two hops (%.1f ms here).%n",
                    busHalf.p50Ms()));
        }
        md.append(
                "- Per event the exchange writes three records where the plain relay writes one: the delivery, the sender's receipt "
                        + "and the replay store's changelog entry, each in a transaction. Each delivery also carries about 1 KB of headers "
                        + "(CloudEvents attributes, the sender's key id, signature and Merkle proof, the sender's leaf, the exchange's "
                        + "signature and proof, purpose and legal basis) against a value of a few dozen bytes, so the broker moves and "
                        + "compresses some twenty times the plain pipe's bytes per event. That, not any one computation, is what holds "
                        + "the bus to a twentieth of the plain pipe here.\n");
        md.append(
                "- Everything — broker, exchange, producers, consumers — shares this machine's two cores, so the bus's work "
                        + "takes CPU from the broker too. On a cluster the broker's share moves elsewhere.\n");
        md.append(
                "- What would help, in order of expected gain: fewer and smaller headers (one binary signature header per record, "
                        + "shorter proofs from smaller sender batches), a replay check that needs no per-event changelog (windowed by "
                        + "sender batch), more exchange threads where there are cores, and a longer commit interval when latency "
                        + "matters less than throughput. The programme's real volume, a few thousand events a day, is four orders of "
                        + "magnitude below what the bus sustains here.\n");
    }
}
