package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ddrrbus.hosts.HostProcess;

/**
 * One fault test's traffic: a {@link SteadySender} on each sender's host and an {@link InboxTally} on the recipient's,
 * and, at the end, the account of what the senders were told was accepted against what reached the inbox.
 */
final class FaultRun implements AutoCloseable {

    private final String name;
    private final Path folder;
    private final HostProcess tally;
    private final Map<String, HostProcess> senders = new LinkedHashMap<>();
    private final String loadAtStart = Figures.loadAverage();
    private final long startedAt = System.currentTimeMillis();

    private FaultRun(String name, Path folder, HostProcess tally) {
        this.name = name;
        this.folder = folder;
        this.tally = tally;
    }

    /**
     * Starts the recipient's tally and each sender at {@code perSecond} events a second, side by side; the senders
     * send once the tally reads and they are connected.
     */
    static FaultRun start(HostCluster cluster, String name, int perSecond) {
        Path folder = cluster.network().work().resolve("runs").resolve(name);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HostProcess tally = cluster.launch(
                cluster.network().host(HostCluster.RECIPIENT),
                "tally-" + name,
                InboxTally.class,
                List.of(
                        cluster.clusterFile().toString(),
                        HostCluster.RECIPIENT,
                        inbox(folder).toString()));
        FaultRun run = new FaultRun(name, folder, tally);
        for (String agency : HostCluster.SENDERS) {
            run.senders.put(
                    agency,
                    cluster.launch(
                            cluster.network().host(agency),
                            "sender-" + name,
                            SteadySender.class,
                            List.of(
                                    cluster.clusterFile().toString(),
                                    agency,
                                    String.valueOf(perSecond),
                                    folder.resolve(agency).toString())));
        }
        try {
            tally.awaitLine("reading ", Duration.ofMinutes(1));
            run.senders.values().forEach(sender -> sender.awaitLine(SteadySender.READY, Duration.ofMinutes(2)));
        } catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
        run.senders.keySet().forEach(agency -> touch(folder.resolve(agency).resolve(SteadySender.GO)));
        return run;
    }

    private static Path inbox(Path folder) {
        return folder.resolve("inbox");
    }

    /** Events acknowledged to the senders so far, all senders together. */
    int acknowledged() {
        return senders.keySet().stream()
                .mapToInt(agency -> lines(folder.resolve(agency).resolve(SteadySender.ACKNOWLEDGED))
                        .size())
                .sum();
    }

    /** This run's events in the recipient's inbox so far (copies counted); the inbox also holds earlier runs'. */
    int delivered() {
        List<String> prefixes = prefixes();
        return (int) lines(inbox(folder)).stream()
                .map(line -> line.split(" "))
                .filter(f -> f.length >= 4 && prefixes.stream().anyMatch(f[1]::startsWith))
                .count();
    }

    /** The subjectRef prefix of each sender that has started. */
    private List<String> prefixes() {
        return senders.keySet().stream()
                .map(agency -> lines(folder.resolve(agency).resolve(SteadySender.PREFIX)))
                .filter(prefix -> !prefix.isEmpty())
                .map(prefix -> prefix.get(0).strip())
                .filter(prefix -> !prefix.isEmpty())
                .toList();
    }

    /**
     * Waits until {@code more} events beyond those acknowledged now are acknowledged: phases are measured in events
     * the brokers took, so a slow machine makes the test slower, not wrong.
     */
    void awaitMoreAcknowledged(int more, String phase) {
        int target = acknowledged() + more;
        senderAlive();
        Awaitility.await(name + ", " + phase + ": " + more + " more events acknowledged")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> senderAlive() && acknowledged() >= target);
    }

    /** Waits until {@code more} of this run's events beyond those delivered now reach the inbox. */
    void awaitMoreDelivered(int more, String phase) {
        int target = delivered() + more;
        Awaitility.await(name + ", " + phase + ": " + more + " more events delivered")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> delivered() >= target);
    }

    private boolean senderAlive() {
        senders.forEach((agency, sender) -> {
            if (!sender.alive()) {
                throw new AssertionError(agency + "'s sender ended early; " + sender.tailText());
            }
        });
        return true;
    }

    /**
     * Stops the senders (each waits for its last sends), waits for every acknowledged event to reach the inbox (or up
     * to three minutes), reads the inbox to its end and counts.
     *
     * @param faultStart when the fault began (epoch ms)
     * @param faultEnd when it was undone: a broker restarted, a link healed, the exchange started again (epoch ms)
     */
    Figures finish(long faultStart, long faultEnd) {
        for (String agency : senders.keySet()) {
            touch(folder.resolve(agency).resolve(SteadySender.STOP));
        }
        senders.forEach((agency, sender) -> {
            sender.awaitExit(Duration.ofMinutes(4));
        });
        Map<String, Long> acked = new HashMap<>();
        Set<String> prefixes = new TreeSet<>(prefixes());
        long firstAcknowledged = Long.MAX_VALUE;
        long sent = 0;
        long failed = 0;
        for (String agency : senders.keySet()) {
            for (String line : lines(folder.resolve(agency).resolve(SteadySender.ACKNOWLEDGED))) {
                String[] f = line.split(" ");
                acked.put(f[1], Long.parseLong(f[0]));
                firstAcknowledged = Math.min(firstAcknowledged, Long.parseLong(f[0]));
            }
            String[] done = lines(folder.resolve(agency).resolve(SteadySender.DONE))
                    .get(0)
                    .split(" ");
            sent += Long.parseLong(done[1]);
            failed += Long.parseLong(done[5]);
        }
        try {
            Awaitility.await(name + ": every acknowledged event delivered")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> deliveredIds().containsAll(acked.keySet()));
        } catch (ConditionTimeoutException e) {
            // Counted below: the figures say what is missing.
        }
        touch(Path.of(inbox(folder) + ".stop"));
        tally.awaitExit(Duration.ofMinutes(2));

        Map<String, Integer> copies = new HashMap<>();
        Map<String, Long> firstDelivery = new HashMap<>();
        Map<String, List<Long>> sequences = new LinkedHashMap<>();
        List<Long> times = new ArrayList<>();
        for (String line : lines(inbox(folder))) {
            String[] f = line.split(" ");
            if (f.length < 4 || prefixes.stream().noneMatch(f[1]::startsWith)) {
                continue;
            }
            long at = Long.parseLong(f[0]);
            copies.merge(f[2], 1, Integer::sum);
            firstDelivery.putIfAbsent(f[2], at);
            times.add(at);
            sequences
                    .computeIfAbsent(f[1], k -> new ArrayList<>())
                    .add(Long.parseLong(
                            f[2].substring(SteadySender.ID_PREFIX.length(), SteadySender.ID_PREFIX.length() + 8)));
        }
        Set<String> lost = new TreeSet<>(acked.keySet());
        lost.removeAll(copies.keySet());
        Set<String> duplicated = new TreeSet<>();
        copies.forEach((id, count) -> {
            if (count > 1) {
                duplicated.add(id);
            }
        });
        List<String> outOfOrder = new ArrayList<>();
        sequences.forEach((subject, seqs) -> {
            for (int i = 1; i < seqs.size(); i++) {
                if (seqs.get(i) <= seqs.get(i - 1)) {
                    outOfOrder.add(subject + " at " + seqs.get(i));
                }
            }
        });
        // From the first acknowledgement on: a stop before the first delivery counts as much as any other.
        long longestStop = 0;
        long previous = firstAcknowledged;
        for (long at : times) {
            longestStop = Math.max(longestStop, at - previous);
            previous = Math.max(previous, at);
        }
        long caughtUp = 0;
        long longestWait = 0;
        for (Map.Entry<String, Long> ack : acked.entrySet()) {
            Long at = firstDelivery.get(ack.getKey());
            if (ack.getValue() <= faultEnd && at != null) {
                caughtUp = Math.max(caughtUp, at - faultEnd);
            }
            if (at != null) {
                longestWait = Math.max(longestWait, at - ack.getValue());
            }
        }
        Figures figures = new Figures(
                name,
                sent,
                acked.size(),
                failed,
                copies.size(),
                lost,
                duplicated,
                outOfOrder,
                Duration.ofMillis(longestStop),
                Duration.ofMillis(longestWait),
                Duration.ofMillis(faultEnd - faultStart),
                Duration.ofMillis(caughtUp),
                loadAtStart + " to " + Figures.loadAverage(),
                Duration.ofMillis(System.currentTimeMillis() - startedAt));
        System.out.println(figures);
        try {
            Files.writeString(folder.resolve("figures.txt"), figures + "\n");
            Figures.appendRow(folder.getParent().getParent(), figures.row());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return figures;
    }

    /** The events acknowledged before {@code at} (epoch ms): event id to subjectRef. */
    Map<String, String> acknowledgedBefore(long at) {
        Map<String, String> before = new HashMap<>();
        for (String agency : senders.keySet()) {
            for (String line : lines(folder.resolve(agency).resolve(SteadySender.ACKNOWLEDGED))) {
                String[] f = line.split(" ");
                if (Long.parseLong(f[0]) < at) {
                    before.put(f[1], f[2]);
                }
            }
        }
        return before;
    }

    private Set<String> deliveredIds() {
        Set<String> ids = new TreeSet<>();
        for (String line : lines(inbox(folder))) {
            String[] f = line.split(" ");
            if (f.length >= 4) {
                ids.add(f[2]);
            }
        }
        return ids;
    }

    /**
     * What one fault test counted.
     *
     * @param delivered distinct events of the run in the inbox
     * @param longestStop the longest time, from the run's first acknowledgement to its last delivery, in which none of
     *     its events reached the inbox
     * @param longestWait the longest time one event took from its acknowledgement to the inbox: where only some
     *     partitions stop (one of two exchanges killed), the others' deliveries hide the stop from {@code longestStop}
     * @param faultLasted from the fault to its undoing
     * @param caughtUp from the fault's undoing until every event acknowledged by then was delivered
     * @param load the machine's load average (1 minute) at the run's start and at its end
     * @param took the whole run, from starting its senders to the count
     */
    record Figures(
            String name,
            long sent,
            int acknowledged,
            long failed,
            int delivered,
            Set<String> lost,
            Set<String> duplicated,
            List<String> outOfOrder,
            Duration longestStop,
            Duration longestWait,
            Duration faultLasted,
            Duration caughtUp,
            String load,
            Duration took) {

        /** The file, in the cluster's work folder, that every run adds its row to, in the order they ran. */
        static final String TABLE = "figures.md";

        /** The machine's load average over the last minute, from {@code /proc/loadavg} ("?" where there is none). */
        static String loadAverage() {
            try {
                return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            } catch (IOException | RuntimeException e) {
                return "?";
            }
        }

        /**
         * One row of the fault table of docs/reliability.md: run, sent = acknowledged, delivered, lost, duplicated,
         * out of order, fault lasted, longest stop, longest wait, caught up after, the run's time, the load average.
         */
        String row() {
            return String.format(
                    "| `%s` | %,d | %,d | %d | %d | %d | %s | %s | %s | %s | %s | %s |",
                    name,
                    acknowledged,
                    delivered,
                    lost.size(),
                    duplicated.size(),
                    outOfOrder.size(),
                    seconds(faultLasted),
                    seconds(longestStop),
                    seconds(longestWait),
                    seconds(caughtUp),
                    seconds(took),
                    load);
        }

        static String seconds(Duration d) {
            return String.format("%.1f s", d.toMillis() / 1000.0);
        }

        /** Adds a row to {@link #TABLE} in {@code work}. */
        static void appendRow(Path work, String row) throws IOException {
            Files.writeString(
                    work.resolve(TABLE),
                    row + "\n",
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        }

        @Override
        public String toString() {
            return String.format(
                    "%s: sent %d, acknowledged %d, refused %d, delivered %d, lost %d, duplicated %d, out of order %d,"
                            + " longest stop in deliveries %.1f s, longest wait of one event %.1f s, fault lasted %.1f s,"
                            + " caught up %.1f s after; the run took %.1f s, load average %s",
                    name,
                    sent,
                    acknowledged,
                    failed,
                    delivered,
                    lost.size(),
                    duplicated.size(),
                    outOfOrder.size(),
                    longestStop.toMillis() / 1000.0,
                    longestWait.toMillis() / 1000.0,
                    faultLasted.toMillis() / 1000.0,
                    caughtUp.toMillis() / 1000.0,
                    took.toMillis() / 1000.0,
                    load);
        }
    }

    /** Stops what still runs of this run (after a failure): its load must not weigh on the next test. */
    @Override
    public void close() {
        senders.values().forEach(HostProcess::kill);
        tally.kill();
    }

    private static void touch(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
