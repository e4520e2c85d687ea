package org.ddrrbus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ddrrbus.bench.pipe.Result;
import org.openjdk.jmh.results.RunResult;

/** Writes every figure of a run as {@code benchmarks.json}, for tools and for comparing runs. */
final class JsonReport {

    private JsonReport() {}

    static void write(Path dir, Benchmark.Figures figures) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"generated\": ")
                .append(text(LocalDate.now().toString()))
                .append(",\n");
        json.append("  \"machine\": {\"cores\": ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(", \"java\": ")
                .append(text(System.getProperty("java.version")))
                .append(", \"loadBefore\": ")
                .append(number(figures.loadBefore()))
                .append(", \"loadAfter\": ")
                .append(number(figures.loadAfter()))
                .append("},\n");
        json.append("  \"shortForm\": ").append(figures.options().shortForm()).append(",\n");
        json.append("  \"secondsPerRun\": ")
                .append(figures.duration().toSeconds())
                .append(",\n");
        json.append("  \"warmUpSecondsPerRun\": ")
                .append(figures.options().warmUp().toSeconds())
                .append(",\n");
        json.append("  \"exchangeRecordsPerEvent\": {");
        List<String> written = new ArrayList<>();
        figures.writtenPerEvent().forEach((bytes, count) -> written.add(text(bytes + "") + ": " + number(count)));
        json.append(String.join(", ", written)).append("},\n");
        json.append("  \"runs\": [\n");
        List<String> runs = new ArrayList<>();
        for (Result r : figures.results()) {
            runs.add(String.format(
                    Locale.ROOT,
                    "    {\"pipeline\": %s, \"valueBytes\": %d, \"headerBytes\": %d, \"offered\": %s, \"delivered\": %s,"
                            + " \"p50Ms\": %s, \"p95Ms\": %s, \"p99Ms\": %s}",
                    text(r.pipeline()),
                    r.valueBytes(),
                    r.headerBytes(),
                    r.offeredPerSecond() == 0 ? "\"max\"" : Long.toString(r.offeredPerSecond()),
                    number(r.deliveredPerSecond()),
                    number(r.p50Ms()),
                    number(r.p95Ms()),
                    number(r.p99Ms())));
        }
        json.append(String.join(",\n", runs)).append("\n  ],\n");
        json.append("  \"targets\": [\n");
        List<String> targets = new ArrayList<>();
        for (Target t : Target.of(figures)) {
            targets.add(String.format(
                    Locale.ROOT,
                    "    {\"name\": %s, \"measured\": %s, \"target\": %s, \"bound\": %s, \"met\": %s}",
                    text(t.name()),
                    number(t.measured()),
                    number(t.target()),
                    text(t.atMost() ? "below" : "at least"),
                    t.target() == 0 ? "null" : Boolean.toString(t.met())));
        }
        json.append(String.join(",\n", targets)).append("\n  ],\n");
        json.append("  \"audit\": ");
        json.append(figures.audit()
                .map(a -> String.format(
                        Locale.ROOT,
                        "{\"topic\": %s, \"records\": %d, \"deliveredThisRun\": %d, \"seconds\": %s, \"recordsPerSecond\": %s, \"exitCode\": %d}",
                        text(a.topic()),
                        a.records(),
                        a.distinct(),
                        number(a.seconds()),
                        number(a.perSecond()),
                        a.exitCode()))
                .orElse("null"));
        json.append(",\n  \"profile\": ");
        json.append(figures.profile()
                .map(hot -> "{\"samples\": " + hot.samples() + ", \"self\": " + frames(hot.self()) + ", \"total\": "
                        + frames(hot.total()) + "}")
                .orElse("null"));
        json.append(",\n  \"parts\": {");
        List<String> parts = new ArrayList<>();
        for (RunResult run : figures.parts()) {
            String name = run.getParams().getBenchmark();
            parts.add(text(name.substring(name.lastIndexOf('.') + 1)) + ": "
                    + number(run.getPrimaryResult().getScore()));
        }
        json.append(String.join(", ", parts)).append("}\n}\n");
        Files.writeString(dir.resolve("benchmarks.json"), json.toString());
    }

    private static String frames(List<Profile.Frame> frames) {
        List<String> out = new ArrayList<>();
        for (Profile.Frame f : frames) {
            out.add("{\"method\": " + text(f.method()) + ", \"share\": " + number(f.share()) + "}");
        }
        return "[" + String.join(", ", out) + "]";
    }

    private static String number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.4g", value);
    }

    private static String text(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
