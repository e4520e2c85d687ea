package org.ddrrbus.hosts.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import kafka.tools.StorageTool;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.tls.BrokerTls;

/**
 * One broker of a three-node KRaft cluster (broker and controller in one), a JVM of its own on its own host:
 *
 * <pre>ClusterBroker CLUSTER-FILE NODE-ID ADDRESS DATA-FOLDER</pre>
 *
 * <p>It is the bus's own {@link EmbeddedBroker} (SASL_SSL with SCRAM for clients and between brokers, PLAIN on the
 * controller channel, the StandardAuthorizer), told through its overrides that it is one of three: its node id, the
 * quorum, a controller listener on its host's address, and replication factor 3 with min ISR 2 for the internal
 * topics. The storage is formatted here, before the broker sees it, because the three must share one cluster id; the
 * bus CA is copied into its data folder so that every broker's certificate comes from the same CA.
 */
public final class ClusterBroker {

    static final String STARTED = "cluster broker started: node ";
    static final int PORT = 9092;
    static final int CONTROLLER_PORT = 9093;

    private ClusterBroker() {}

    public static void main(String[] args) throws Exception {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        int nodeId = Integer.parseInt(args[1]);
        String address = args[2];
        Path data = Path.of(args[3]);
        Path ca = BrokerTls.caFolder(data);
        Files.createDirectories(ca);
        for (String file : new String[] {"ca.key", "ca.crt"}) {
            if (!Files.exists(ca.resolve(file))) {
                Files.copy(cluster.caFolder().resolve(file), ca.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Path logDir = data.resolve("kafka");
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(cluster, nodeId, address, logDir);
        }
        EmbeddedBroker broker = new EmbeddedBroker(new BrokerSettings(
                        data,
                        PORT,
                        CONTROLLER_PORT,
                        cluster.adminPassword(),
                        address,
                        true,
                        overrides(cluster, nodeId, address)))
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "broker-shutdown"));
        System.out.println(STARTED + nodeId);
        System.out.flush();
        Thread.currentThread().join();
    }

    static Map<String, String> overrides(ClusterFile cluster, int nodeId, String address) {
        Map<String, String> p = new TreeMap<>();
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", cluster.voters());
        p.put("listeners", "BUS://0.0.0.0:" + PORT + ",CONTROLLER://" + address + ":" + CONTROLLER_PORT);
        p.put("offsets.topic.replication.factor", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("unclean.leader.election.enable", "false");
        // A dead or cut-off broker is fenced, and its partitions led elsewhere, after 3 s rather than 9 s.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    /** Just enough of a configuration for the storage tool: ids, roles, quorum and where the log lives. */
    private static void format(ClusterFile cluster, int nodeId, String address, Path logDir) throws IOException {
        Files.createDirectories(logDir);
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", cluster.voters());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://" + address + ":" + PORT + ",CONTROLLER://" + address + ":" + CONTROLLER_PORT);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        Path config = logDir.getParent().resolve("format.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            p.store(out, "to format this broker's storage");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(
                    new String[] {
                        "format",
                        "-t",
                        cluster.clusterId(),
                        "-c",
                        config.toString(),
                        "--add-scram",
                        "SCRAM-SHA-512=[name=" + BrokerSettings.ADMIN + ",password=" + cluster.adminPassword() + "]"
                    },
                    out);
        }
        if (exit != 0) {
            throw new IllegalStateException("could not format " + logDir + ": "
                    + output.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
