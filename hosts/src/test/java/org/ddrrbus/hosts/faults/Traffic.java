package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ddrrbus.hosts.HostProcess;

/**
 * The JVMs that the fault tests' runs share on one cluster: a {@link SteadySender} on each sender's host (in its
 * {@code runs} mode) and an {@link InboxTally} of the recipient's inbox on its host. Started once, when the first run
 * begins, they serve one run after another: each run has its own folder, its senders their own subjectRef prefix and
 * acknowledgements, and the tally's one file holds every run's deliveries, which a run tells apart by its prefixes.
 * Starting three JVMs with Kafka clients over TLS took seconds per run on two shared cores.
 */
final class Traffic {

    private final Path folder;
    private final HostProcess tally;
    private final Map<String, HostProcess> senders;
    private int runs;
    private int marks;

    private Traffic(Path folder, HostProcess tally, Map<String, HostProcess> senders) {
        this.folder = folder;
        this.tally = tally;
        this.senders = senders;
    }

    /** Starts the tally and the senders side by side; returns once the tally reads and the senders are connected. */
    static Traffic start(HostCluster cluster) {
        Path folder = cluster.network().work().resolve("runs").resolve("traffic-" + System.currentTimeMillis());
        create(folder);
        HostProcess tally = cluster.launch(
                cluster.network().host(HostCluster.RECIPIENT),
                "tally",
                InboxTally.class,
                List.of(
                        cluster.clusterFile().toString(),
                        HostCluster.RECIPIENT,
                        folder.resolve("inbox").toString()));
        Map<String, HostProcess> senders = new LinkedHashMap<>();
        for (String agency : HostCluster.SENDERS) {
            senders.put(
                    agency,
                    cluster.launch(
                            cluster.network().host(agency),
                            "sender",
                            SteadySender.class,
                            List.of(
                                    cluster.clusterFile().toString(),
                                    agency,
                                    "0",
                                    folder.resolve(agency).toString(),
                                    SteadySender.RUNS)));
        }
        Traffic traffic = new Traffic(folder, tally, senders);
        try {
            tally.awaitLine("reading ", Duration.ofMinutes(1));
            senders.values().forEach(sender -> sender.awaitLine(SteadySender.READY, Duration.ofMinutes(2)));
        } catch (RuntimeException | Error e) {
            traffic.kill();
            throw e;
        }
        return traffic;
    }

    /** The tally's file: every record of the recipient's inbox since the tally started, every run's among them. */
    Path inbox() {
        return folder.resolve("inbox");
    }

    /** Each sender by agency. */
    Map<String, HostProcess> senders() {
        return senders;
    }

    /**
     * Gives the senders their next run: each sends into {@code runFolder/<agency>} at {@code perSecond} events a
     * second once that folder's {@code go} appears.
     */
    void begin(Path runFolder, int perSecond) {
        begin(runFolder, perSecond, false);
    }

    /** The same, with the soak's mix of events ({@link SteadySender.Kind}) when {@code soak}. */
    void begin(Path runFolder, int perSecond, boolean soak) {
        runs++;
        for (String agency : senders.keySet()) {
            Path run = folder.resolve(agency).resolve(SteadySender.RUN + runs);
            Path aside = folder.resolve(agency).resolve(SteadySender.RUN + runs + ".new");
            try {
                create(aside.getParent());
                Files.writeString(aside, runFolder.resolve(agency) + " " + perSecond + (soak ? " soak" : "") + "\n");
                Files.move(aside, run, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Returns once the tally's file holds every record the inbox had when this was called. */
    void readToTheEnd(Duration atMost) {
        marks++;
        Path mark = Path.of(inbox() + InboxTally.MARK + marks);
        try {
            Files.writeString(mark, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tally.awaitLine("^" + InboxTally.READ_TO_MARK + marks + "$", atMost);
    }

    boolean alive() {
        return tally.alive() && senders.values().stream().allMatch(HostProcess::alive);
    }

    void kill() {
        Stream.concat(Stream.of(tally), senders.values().stream()).forEach(HostProcess::kill);
    }

    private static void create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
