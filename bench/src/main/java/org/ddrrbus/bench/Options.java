package org.ddrrbus.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.Pipeline;

/**
 * What to run. A run with fewer sizes or pipelines, or without the latency runs, is for comparing one change
 * quickly (the ratios of pipelines measured in the same run); only a full run makes the page.
 */
record Options(
        Duration duration,
        Path output,
        boolean jmh,
        boolean audit,
        List<Integer> sizes,
        List<String> pipelines,
        boolean latency,
        String compression,
        int batchSize,
        boolean shortForm) {
    Options {
        sizes = List.copyOf(sizes);
        pipelines = List.copyOf(pipelines);
        for (int size : sizes) {
            if (size != BusPipe.SMALL && size != BusPipe.DEMO_MEAN) {
                throw new IllegalArgumentException(
                        "--sizes takes " + BusPipe.SMALL + " and " + BusPipe.DEMO_MEAN + ", not " + size);
            }
        }
        for (String pipeline : pipelines) {
            if (!Benchmark.ALL.contains(pipeline)) {
                throw new IllegalArgumentException(
                        "--pipelines takes " + String.join(",", Benchmark.ALL) + ", not " + pipeline);
            }
        }
    }

    Options withDuration(Duration d) {
        return new Options(d, output, jmh, audit, sizes, pipelines, latency, compression, batchSize, shortForm);
    }

    Options withOutput(Path o) {
        return new Options(duration, o, jmh, audit, sizes, pipelines, latency, compression, batchSize, shortForm);
    }

    Options withoutJmh() {
        return new Options(
                duration, output, false, audit, sizes, pipelines, latency, compression, batchSize, shortForm);
    }

    Options withoutAudit() {
        return new Options(duration, output, jmh, false, sizes, pipelines, latency, compression, batchSize, shortForm);
    }

    Options withSizes(List<Integer> s) {
        return new Options(duration, output, jmh, audit, s, pipelines, latency, compression, batchSize, shortForm);
    }

    Options withPipelines(List<String> p) {
        return new Options(duration, output, jmh, audit, sizes, p, latency, compression, batchSize, shortForm);
    }

    Options withoutLatency() {
        return new Options(duration, output, jmh, audit, sizes, pipelines, false, compression, batchSize, shortForm);
    }

    Options withCompression(String c) {
        return new Options(duration, output, jmh, audit, sizes, pipelines, latency, c, batchSize, shortForm);
    }

    Options withBatchSize(int b) {
        return new Options(duration, output, jmh, audit, sizes, pipelines, latency, compression, b, shortForm);
    }

    /**
     * The short form, {@code --short}: every pipeline at the demo's mean size, 4 s per run (2 measured), without the
     * unmeasured pass and the runs before each peak, the probes 1 s each, the audit over at least
     * {@value #SHORT_AUDITED_RECORDS} records, no JMH, into ddrr-bench-short in the system's temporary directory unless
     * {@code --output} names another. It checks that every part of the bench works, as the suite does on every build
     * (BenchmarkIT); its figures are too short and too cold to compare.
     */
    Options toShortForm() {
        return new Options(
                Duration.ofSeconds(4),
                Path.of(System.getProperty("java.io.tmpdir"), "ddrr-bench-short"),
                false,
                audit,
                List.of(BusPipe.DEMO_MEAN),
                Benchmark.ALL,
                latency,
                compression,
                batchSize,
                true);
    }

    static final long SHORT_AUDITED_RECORDS = 20_000;

    /** How long each run that only prepares a measurement lasts: 5 s, 1 s in the short form. */
    Duration step() {
        return Duration.ofSeconds(shortForm ? 1 : 5);
    }

    /**
     * How much of each measured run goes before its measurement starts: a third of the run, at most 5 s; 2 s of the
     * short form's 4, in which the relays, each run a Kafka Streams application of its own, join their group.
     */
    Duration warmUp() {
        return shortForm ? Duration.ofSeconds(2) : Duration.ofSeconds(Math.min(5, duration.toSeconds() / 3));
    }

    /** How many of nctc's inbox records {@code audit verify} checks: a million, fewer in the short form. */
    long auditedRecords() {
        return shortForm ? SHORT_AUDITED_RECORDS : Benchmark.AUDITED_RECORDS;
    }

    boolean runs(String pipeline) {
        return pipelines.contains(pipeline);
    }

    /** The options of a full run: what {@code ./ddrr bench} without options measures. */
    static Options defaults() {
        return new Options(
                Duration.ofSeconds(20),
                Path.of("docs"),
                true,
                true,
                List.of(BusPipe.SMALL, BusPipe.DEMO_MEAN),
                Benchmark.ALL,
                true,
                null,
                0,
                false);
    }

    /**
     * The options the command line names, over the defaults ({@code --short} first, whatever its place, so that the
     * options after it refine it); exits with 2 and one line on an unknown option or a bad value.
     */
    static Options parse(String[] args) {
        try {
            Options options = defaults();
            if (Arrays.asList(args).contains("--short")) {
                options = options.toShortForm();
            }
            return parse(args, options);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            System.err.println("bench: " + usageError(e) + " (" + USAGE + ")");
            System.exit(2);
            throw new IllegalStateException("unreachable");
        }
    }

    private static final String USAGE = "--short, --seconds N, --output DIR, --skip-jmh, --skip-audit, --sizes 42,55,"
            + " --pipelines plain,relay,bare,bus, --skip-latency, --compression TYPE, --batch-size BYTES, --trace,"
            + " --latency-log FILE";

    private static String usageError(Exception e) {
        if (e instanceof NumberFormatException) {
            return "not a whole number: " + e.getMessage().replaceFirst("^For input string: ", "");
        }
        if (e instanceof IndexOutOfBoundsException) {
            return "the last option needs a value";
        }
        return e.getMessage();
    }

    private static Options parse(String[] args, Options defaults) {
        Options options = defaults;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> options = options.withDuration(Duration.ofSeconds(Integer.parseInt(args[++i])));
                case "--output" -> options = options.withOutput(Path.of(args[++i]));
                case "--skip-jmh" -> options = options.withoutJmh();
                case "--skip-audit" -> options = options.withoutAudit();
                case "--sizes" ->
                    options = options.withSizes(Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList());
                case "--pipelines" -> options = options.withPipelines(List.of(args[++i].split(",")));
                case "--skip-latency" -> options = options.withoutLatency();
                case "--trace" -> Pipeline.trace = true;
                case "--latency-log" -> Pipeline.latencyLog = Path.of(args[++i]);
                case "--compression" -> options = options.withCompression(args[++i]);
                case "--batch-size" -> options = options.withBatchSize(Integer.parseInt(args[++i]));
                case "--short" -> {
                    // Applied before the others.
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return options;
    }
}
