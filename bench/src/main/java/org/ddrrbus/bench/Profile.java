package org.ddrrbus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of the exchange's stream threads while the bus runs flat out: which methods the CPU
 * samples land in (self), and which of the bus's own methods they pass through (total).
 */
final class Profile {

    /** A method and the share of the exchange's samples it took. */
    record Frame(String method, long samples, double share) {}

    /** @param self by the method at the top of the stack; @param total by every bus method on the stack */
    record Hot(long samples, List<Frame> self, List<Frame> total, List<Frame> packages) {}

    private final Recording recording = new Recording();

    /**
     * Starts Flight Recorder in this JVM, recording nothing. Call before anything is measured: its start retransforms
     * JDK classes, and the compiled code that depends on them is thrown away and compiled again. Started at the bus's
     * peak, as before 2026-12-05, this stalled the exchange for 30 s (the JIT compiler took 8.5 s of CPU in 13 s) and
     * was taken for a stall of the exchange after a flood (docs/benchmarks.md).
     */
    static void prepare() {
        FlightRecorder.getFlightRecorder();
    }

    Profile() {
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.setToDisk(true);
    }

    void start() {
        recording.start();
    }

    /** Stops, and reads the samples of the threads whose name contains {@code threadMark}. */
    Hot stop(String threadMark, int top) throws IOException {
        recording.stop();
        Path file = Files.createTempFile("ddrr-bench", ".jfr");
        try {
            recording.dump(file);
            recording.close();
            return read(file, threadMark, top);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Hot read(Path file, String threadMark, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            var thread = event.getThread("sampledThread");
            RecordedStackTrace stack = event.getStackTrace();
            if (thread == null
                    || stack == null
                    || stack.getFrames().isEmpty()
                    || !String.valueOf(thread.getJavaName()).contains(threadMark)) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1L, Long::sum);
            packages.merge(area(frames.get(0)), 1L, Long::sum);
            Set<String> seen = new LinkedHashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (name.startsWith("org.ddrrbus.") && seen.add(name)) {
                    total.merge(name, 1L, Long::sum);
                }
            }
        }
        return new Hot(
                samples, ranked(self, samples, top), ranked(total, samples, top), ranked(packages, samples, top));
    }

    private static List<Frame> ranked(Map<String, Long> counts, long samples, int top) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> new Frame(e.getKey(), e.getValue(), samples == 0 ? 0 : (double) e.getValue() / samples))
                .toList();
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    /** Where a sample's own time went, by library: the broad picture behind the method list. */
    private static String area(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] known = {
            "org.ddrrbus.",
            "org.apache.kafka.streams.",
            "org.apache.kafka.clients.",
            "org.apache.kafka.common.",
            "org.apache.avro.",
            "org.bouncycastle.",
            "sun.security.",
            "java.util.",
            "java.lang.",
            "java.nio.",
            "net.jpountz.",
            "sun.nio.",
            "jdk.internal."
        };
        for (String prefix : known) {
            if (type.startsWith(prefix)) {
                return prefix + "*";
            }
        }
        int dot = type.lastIndexOf('.');
        return dot < 0 ? type : type.substring(0, dot) + ".*";
    }
}
