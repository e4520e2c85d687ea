package org.ddrrbus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short form of {@code ./ddrr bench} ({@code --short}): every pipeline on a fresh broker with the exchange, the
 * latency runs, the profile and the audit, written as the page and its JSON. It checks that the benchmark works and
 * that every pipeline delivers, not how fast: the figures of 2-second runs in a test suite mean nothing.
 */
class BenchmarkIT {

    private static final List<String> PIPELINES = List.of(
            "ddrr-bus", "plain Kafka pipe", "exactly-once relay, bus headers", "exactly-once relay, no headers");

    @Test
    void theShortFormMeasuresEveryPipelineTheLatencyTheProfileAndTheAuditAndWritesThePageAndItsJson(
            @TempDir Path output) throws Exception {
        Options options = Options.parse(new String[] {"--short", "--output", output.toString()});

        Benchmark.Figures figures = Benchmark.run(options);

        for (String pipeline : PIPELINES) {
            Result peak = figures.results().stream()
                    .filter(r -> r.pipeline().equals(pipeline) && r.offeredPerSecond() == 0)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no peak of " + pipeline + " in " + figures.results()));
            assertThat(peak.valueBytes()).as(pipeline).isEqualTo(BusPipe.DEMO_MEAN);
            assertThat(peak.delivered()).as(pipeline + " delivered").isPositive();
            assertThat(peak.p50Ms()).as(pipeline).isPositive().isLessThanOrEqualTo(peak.p95Ms());
            assertThat(peak.p95Ms()).as(pipeline).isLessThanOrEqualTo(peak.p99Ms());
        }
        assertThat(figures.results())
                .as("the latency runs at half of the plain pipe's and the bus's peaks")
                .filteredOn(r -> r.offeredPerSecond() > 0)
                .extracting(Result::pipeline)
                .containsExactlyInAnyOrder("plain Kafka pipe", "ddrr-bus");
        assertThat(figures.results())
                .as("the bus's deliveries carry its headers, and the relay copies their size")
                .filteredOn(r ->
                        r.pipeline().startsWith("ddrr-bus") || r.pipeline().equals("exactly-once relay, bus headers"))
                .allSatisfy(r -> assertThat(r.headerBytes()).isPositive());
        assertThat(figures.writtenPerEvent().get(BusPipe.DEMO_MEAN))
                .as("records the exchange wrote per event, counted on the broker: a delivery, a receipt and more")
                .isGreaterThanOrEqualTo(2.0);

        Benchmark.Audit audit = figures.audit().orElseThrow();
        assertThat(audit.exitCode()).as("audit verify's exit code").isZero();
        assertThat(audit.records()).isGreaterThanOrEqualTo(Options.SHORT_AUDITED_RECORDS);
        assertThat(figures.profile().orElseThrow().samples())
                .as("JFR samples of the exchange's stream thread")
                .isPositive();

        String page = Files.readString(output.resolve("benchmarks.md"));
        assertThat(page).contains("**The short form**", "## Against the targets", "## Where the exchange's CPU goes");
        String json = Files.readString(output.resolve("benchmarks.json"));
        for (String pipeline : PIPELINES) {
            assertThat(json).contains("\"pipeline\": \"" + pipeline + "\"");
        }
        assertThat(json).contains("\"targets\"", "\"shortForm\": true");
        assertThat(output.resolve("benchmarks.svg")).isNotEmptyFile();
    }
}
