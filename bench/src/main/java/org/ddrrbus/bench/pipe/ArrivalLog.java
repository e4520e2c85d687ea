package org.ddrrbus.bench.pipe;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every delivery a run at an offered rate measured, one line each: the pipeline, the offered rate, when the sink read
 * it and when it was published (epoch milliseconds), its partition and offset ({@code ./ddrr bench --latency-log
 * FILE}). A percentile says how long the tail is, not when it happened: these lines put each late delivery on the same
 * clock as a Flight Recording or a GC log of the run. The peaks, at no set rate, are left out: their latency is the
 * backlog they build.
 */
final class ArrivalLog implements AutoCloseable {

    private static final ArrivalLog NONE = new ArrivalLog(null, "");

    private final BufferedWriter out;
    private final String prefix;

    private ArrivalLog(BufferedWriter out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    /** Appends to {@code file}, or writes nothing when there is no file or the run is not at a set rate. */
    static ArrivalLog open(Path file, String pipeline, long ratePerSecond) {
        if (file == null || ratePerSecond == 0) {
            return NONE;
        }
        try {
            BufferedWriter writer = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            writer.write("# pipeline offered/s read-ms published-ms partition offset\n");
            return new ArrivalLog(writer, pipeline + " " + ratePerSecond + " ");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the latency log " + file, e);
        }
    }

    /** One measured delivery; called by the sink's thread only. Buffered: the disk is not touched per record. */
    void record(long readMillis, long publishedMillis, int partition, long offset) {
        if (out == null) {
            return;
        }
        try {
            out.write(prefix + readMillis + " " + publishedMillis + " " + partition + " " + offset + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
