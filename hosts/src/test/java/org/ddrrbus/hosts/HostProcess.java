package org.ddrrbus.hosts;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real process on a {@link Host}: {@code ip netns exec <namespace> ...}, in a working folder of the test's choosing,
 * its output (stdout and stderr) appended to a log file. Waits are on what the process shows (a log line, a port
 * open, its exit), never on time; a wait that runs out fails with the tail of the log. Closing stops the whole process
 * tree: SIGTERM first, so a JVM runs its shutdown hooks, then SIGKILL.
 */
public final class HostProcess implements AutoCloseable {

    /** Heap for each JVM: the machine's memory and two cores are shared by every host of a test. */
    public static final String HEAP = "-Xmx384m";

    private static final int TAIL_LINES = 40;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Host host;
    private final String name;
    private final Path log;
    private final List<String> command;
    private final Process process;

    private HostProcess(Host host, String name, Path log, List<String> command, Process process) {
        this.host = host;
        this.name = name;
        this.log = log;
        this.command = command;
        this.process = process;
    }

    /** What to run, where; {@link Host#process(String)} starts one. */
    public static final class Builder {
        private final Host host;
        private final String name;
        private Path directory;
        private Path log;
        private final List<String> command = new ArrayList<>();
        private final Map<String, String> environment = new TreeMap<>();

        Builder(Host host, String name) {
            this.host = host;
            this.name = name;
        }

        /** The working folder (default: the host's folder). */
        public Builder directory(Path folder) {
            this.directory = folder;
            return this;
        }

        /** The log file (default: {@code <name>.log} in the host's folder). */
        public Builder log(Path file) {
            this.log = file;
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Any command. */
        public Builder command(List<String> args) {
            command.clear();
            command.addAll(args);
            return this;
        }

        /** {@code java -Xmx384m -jar <jar> args...}: the way a partner runs the bus's own jar. */
        public Builder javaJar(Path jar, List<String> args) {
            return javaJar(List.of(HEAP, "-XX:+UseSerialGC"), jar, args);
        }

        /** {@code java <options> -jar <jar> args...}. */
        public Builder javaJar(List<String> jvmOptions, Path jar, List<String> args) {
            List<String> all = new ArrayList<>(List.of(java()));
            all.addAll(jvmOptions);
            all.addAll(List.of("-jar", jar.toString()));
            all.addAll(args);
            return command(all);
        }

        /** {@code java -cp <classpath> <main> args...} with the given JVM options first. */
        public Builder javaMain(List<String> jvmOptions, String classpath, String mainClass, List<String> args) {
            List<String> all = new ArrayList<>(List.of(java()));
            all.addAll(jvmOptions);
            all.addAll(List.of("-cp", classpath, mainClass));
            all.addAll(args);
            return command(all);
        }

        /** Starts it; it is stopped with the network at the latest. */
        public HostProcess start() {
            if (command.isEmpty()) {
                throw new IllegalStateException("nothing to run for " + name);
            }
            Path folder = directory != null ? directory : host.folder();
            Path file = log != null ? log : host.folder().resolve(name + ".log");
            List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
            full.addAll(command);
            try {
                Files.createDirectories(folder);
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(
                        file,
                        "# " + host + ": " + String.join(" ", command) + "\n",
                        StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                ProcessBuilder builder = new ProcessBuilder(full)
                        .directory(folder.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(file.toFile()));
                builder.environment().putAll(environment);
                Process started = builder.start();
                started.getOutputStream().close();
                HostProcess process = new HostProcess(host, name, file, List.copyOf(command), started);
                host.started(process);
                return process;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + name + " on " + host, e);
            }
        }

        /** Runs it to its end (a one-shot command such as {@code partner enrol}) and requires exit code 0. */
        public String run(Duration atMost) {
            HostProcess process = start();
            int exit = process.awaitExit(atMost);
            if (exit != 0) {
                throw new AssertionError(process.describe() + " exited with " + exit + "; " + process.tailText());
            }
            return process.output();
        }
    }

    /** The java of the test's own JVM, for every JVM on the hosts. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Host host() {
        return host;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything this process has written to its log so far (the log's first line is the command, left out). */
    public String output() {
        String text = read();
        int firstLine = text.indexOf('\n');
        return firstLine < 0 ? "" : text.substring(firstLine + 1);
    }

    /**
     * Waits until a line of the log matches {@code regex} (searched with {@link Matcher#find()}), and returns the
     * match; the process ending first, or the time running out, fails with the log's tail.
     */
    public Matcher awaitLine(String regex, Duration atMost) {
        Pattern pattern = Pattern.compile(regex);
        Matcher[] found = new Matcher[1];
        await("a line matching /" + regex + "/", atMost, true, () -> {
            for (String line : (Iterable<String>) read().lines()::iterator) {
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    found[0] = matcher;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Waits until {@code address:port} accepts TCP connections from this process's host. */
    public void awaitPort(String address, int port, Duration atMost) {
        await("port " + address + ":" + port + " open", atMost, true, () -> host.canConnect(address, port));
    }

    /** Waits for the process to end and returns its exit code. */
    public int awaitExit(Duration atMost) {
        await("its exit", atMost, false, () -> !process.isAlive());
        return process.exitValue();
    }

    /** Waits for any condition while this process runs; fails at once, with the log's tail, if it ends first. */
    public void await(String what, Duration atMost, BooleanSupplier condition) {
        await(what, atMost, true, condition);
    }

    private void await(String what, Duration atMost, boolean mustRun, BooleanSupplier condition) {
        try {
            Awaitility.await(describe() + ": " + what)
                    .atMost(atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .until(() -> {
                        if (condition.getAsBoolean()) {
                            return true;
                        }
                        if (mustRun && !process.isAlive()) {
                            throw new IllegalStateException("exited with " + process.exitValue());
                        }
                        return false;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    describe() + ": " + what + " not seen within " + atMost.toSeconds() + " s; " + tailText());
        } catch (IllegalStateException e) {
            throw new AssertionError(describe() + " " + e.getMessage() + " before " + what + "; " + tailText());
        }
    }

    /** Stops the process tree at once (SIGKILL), as a power cut would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGTERM to the process and its children, SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        if (!waitFor(Duration.ofSeconds(20))) {
            kill();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitFor(Duration atMost) {
        try {
            return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String describe() {
        return name + " on " + host;
    }

    /** The log's last lines, for a failure message. */
    public String tailText() {
        List<String> lines = read().lines().toList();
        List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
        return "last " + tail.size() + " lines of " + log + ":\n  " + String.join("\n  ", tail);
    }

    private String read() {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(file.length(), Integer.MAX_VALUE)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return describe() + ": " + String.join(" ", command);
    }
}
