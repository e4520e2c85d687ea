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
        int batchSize) {
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
        return new Options(d, output, jmh, audit, sizes, pipelines, latency, compression, batchSize);
    }

    Options withOutput(Path o) {
        return new Options(duration, o, jmh, audit, sizes, pipelines, latency, compression, batchSize);
    }

    Options withoutJmh() {
        return new Options(duration, output, false, audit, sizes, pipelines, latency, compression, batchSize);
    }

    Options withoutAudit() {
        return new Options(duration, output, jmh, false, sizes, pipelines, latency, compression, batchSize);
    }

    Options withSizes(List<Integer> s) {
        return new Options(duration, output, jmh, audit, s, pipelines, latency, compression, batchSize);
    }

    Options withPipelines(List<String> p) {
        return new Options(duration, output, jmh, audit, sizes, p, latency, compression, batchSize);
    }

    Options withoutLatency() {
        return new Options(duration, output, jmh, audit, sizes, pipelines, false, compression, batchSize);
    }

    Options withCompression(String c) {
        return new Options(duration, output, jmh, audit, sizes, pipelines, latency, c, batchSize);
    }

    Options withBatchSize(int b) {
        return new Options(duration, output, jmh, audit, sizes, pipelines, latency, compression, b);
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
                0);
    }

    /** The options the command line names, over the defaults; exits with 2 and the usage on an unknown option. */
    static Options parse(String[] args) {
        Options options = defaults();
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
                case "--compression" -> options = options.withCompression(args[++i]);
                case "--batch-size" -> options = options.withBatchSize(Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("bench: unknown option " + args[i]
                            + " (--seconds N, --output DIR, --skip-jmh, --skip-audit, --sizes 42,55,"
                            + " --pipelines plain,relay,bare,bus, --skip-latency, --compression TYPE,"
                            + " --batch-size BYTES, --trace)");
                    System.exit(2);
                }
            }
        }
        return options;
    }
}
