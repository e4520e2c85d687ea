package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ddrrbus.hosts.Host;

/**
 * A backup of the bus taken while it runs, as docs/reliability.md tells an operator to take one: each broker is paused
 * ({@code kill -STOP}), its data folder archived ({@code tar -czf brokerN.tgz data}) and the broker resumed ({@code
 * kill -CONT}); the three are paused together, so that the archives hold one instant of the whole bus, as a power cut
 * at that instant would leave it. Clients see a pause of a few seconds and retry. The operator's secrets (the CA,
 * every password, the key directory and keys) are archived with them ({@code operator.tgz}).
 *
 * @param folder where the archives are
 * @param pausedAt when the brokers were paused (epoch ms): everything acknowledged before is in the backup
 * @param resumedAt when they ran again
 */
record BusBackup(Path folder, long pausedAt, long resumedAt) {

    private static final String OPERATOR = "operator.tgz";

    /** Takes the backup of a running cluster into {@code folder}. */
    static BusBackup take(HostCluster cluster, Path folder) {
        create(folder);
        List<Long> pids = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            pids.add(cluster.broker(id).pid());
        }
        long paused = System.currentTimeMillis();
        try {
            for (int id = 1; id <= 3; id++) {
                signal(cluster.brokerHost(id), "-STOP", pids.get(id - 1));
            }
            for (int id = 1; id <= 3; id++) {
                Host host = cluster.brokerHost(id);
                host.exec(
                                "tar",
                                "-C",
                                host.folder().toString(),
                                "-czf",
                                archive(folder, id).toString(),
                                HostCluster.DATA)
                        .require();
            }
        } finally {
            for (int id = 1; id <= 3; id++) {
                signal(cluster.brokerHost(id), "-CONT", pids.get(id - 1));
            }
        }
        long resumed = System.currentTimeMillis();
        ClusterFile file = cluster.cluster();
        Path work = file.caFolder().getParent();
        cluster.network()
                .hub()
                .exec(
                        "tar",
                        "-C",
                        work.toString(),
                        "-czf",
                        folder.resolve(OPERATOR).toString(),
                        work.relativize(file.caFolder()).toString(),
                        work.relativize(file.passwords()).toString(),
                        work.relativize(file.keys()).toString(),
                        work.relativize(cluster.clusterFile()).toString())
                .require();
        return new BusBackup(folder, paused, resumed);
    }

    Duration pause() {
        return Duration.ofMillis(resumedAt - pausedAt);
    }

    /** Unpacks broker {@code id}'s archive into {@code hostFolder}: its {@code data} folder as it was at the backup. */
    void restoreBroker(int id, Path hostFolder) {
        run(List.of(
                "tar", "-C", hostFolder.toString(), "-xzf", archive(folder, id).toString()));
    }

    /** Unpacks the operator's secrets into {@code work}; returns the cluster's settings pointing at them. */
    ClusterFile restoreOperator(Path work) {
        create(work);
        run(List.of(
                "tar", "-C", work.toString(), "-xzf", folder.resolve(OPERATOR).toString()));
        ClusterFile was = ClusterFile.read(work.resolve("cluster.properties"));
        return new ClusterFile(
                was.bootstrap(),
                was.voters(),
                was.clusterId(),
                was.adminPassword(),
                work.resolve(was.caFolder().getFileName()),
                work.resolve(was.passwords().getFileName()),
                work.resolve(was.keys().getFileName()));
    }

    private static Path archive(Path folder, int id) {
        return folder.resolve("broker" + id + ".tgz");
    }

    private static void signal(Host host, String signal, long pid) {
        host.exec("kill", signal, String.valueOf(pid)).require();
    }

    private static void run(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
