package org.ddrrbus.hosts.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.TopicLayout;

/**
 * The operator's one-shot commands against a cluster on hosts, run on a host of the virtual network:
 *
 * <pre>ClusterAdmin CLUSTER-FILE provision
 * ClusterAdmin CLUSTER-FILE watch OUT-FILE TOPIC...</pre>
 *
 * {@code provision} lays out the agreement's topics as on a real cluster (replication factor 3, min ISR 2), makes
 * every principal's SCRAM user and ACLs exactly as {@code ./ddrr up} does, and registers every principal's signing key
 * in the key directory under a new operator key. {@code watch} looks at the cluster's metadata over and over, as long
 * as it runs, and after each look replaces {@code OUT-FILE} with one line: {@code <epoch ms when the look began>
 * <busiest> <under-replicated> <leaders>}, where busiest is the broker leading most partitions of the given topics
 * and under-replicated counts the partitions of any topic with fewer than three replicas in sync or no leader
 * ({@code -1 -1} when the brokers did not answer within 5 s). One watcher serves a whole test class, where a one-shot
 * JVM per look took seconds on a loaded machine.
 */
public final class ClusterAdmin {

    static final String PROVISIONED = "provisioned";

    private ClusterAdmin() {}

    public static void main(String[] args) throws Exception {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        Map<String, Object> admin = new java.util.HashMap<>(cluster.admin());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        switch (args[1]) {
            case "provision" -> provision(cluster, admin);
            case "watch" -> watch(admin, Path.of(args[2]), List.of(args).subList(3, args.length));
            default -> throw new IllegalArgumentException("unknown command " + args[1]);
        }
    }

    private static void provision(ClusterFile cluster, Map<String, Object> adminProps) throws Exception {
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Credentials credentials = Credentials.at(cluster.passwords());
        try (Admin admin = Admin.create(adminProps)) {
            DesiredState desired = DesiredState.from(agreement, TopicLayout.cluster());
            desired.principals().forEach(credentials::passwordFor);
            new Provisioner(admin, desired, credentials).applyAgreement(false);
        }
        Files.createDirectories(cluster.keys());
        DirectoryKey operator = DirectoryKey.generate();
        operator.anchor().write(cluster.keys().resolve(DirectoryAnchor.FILE_NAME));
        try (KeyRegistrar registrar = KeyRegistrar.connect(
                adminProps,
                operator,
                KeyRegistrar.principalsOf(agreement),
                Clock.systemUTC(),
                Duration.ofSeconds(30))) {
            for (String principal : KeyRegistrar.principalsOf(agreement)) {
                registrar.registerOwn(PrivateKeys.at(cluster.keys().resolve("private"), principal), Instant.now());
            }
        }
        System.out.println(PROVISIONED);
    }

    /** What one look at the cluster's metadata saw. */
    record Look(int busiest, int underReplicated, Map<Integer, Integer> leaders) {}

    private static Look look(Admin admin, List<String> busy, int timeoutMs) throws Exception {
        Collection<TopicDescription> all = admin.describeTopics(
                        admin.listTopics(new ListTopicsOptions()
                                        .listInternal(true)
                                        .timeoutMs(timeoutMs))
                                .names()
                                .get(),
                        new DescribeTopicsOptions().timeoutMs(timeoutMs))
                .allTopicNames()
                .get()
                .values();
        Map<Integer, Integer> led = new TreeMap<>();
        int under = 0;
        for (TopicDescription topic : all) {
            for (TopicPartitionInfo partition : topic.partitions()) {
                if (partition.isr().size() < partition.replicas().size() || partition.leader() == null) {
                    under++;
                }
                if (busy.contains(topic.name()) && partition.leader() != null) {
                    led.merge(partition.leader().id(), 1, Integer::sum);
                }
            }
        }
        int busiest = led.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(-1);
        return new Look(busiest, under, led);
    }

    /** Looks again and again until killed; each look replaces {@code out} (written aside, then moved in place). */
    private static void watch(Map<String, Object> adminProps, Path out, List<String> busy) throws Exception {
        Map<String, Object> props = new java.util.HashMap<>(adminProps);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, WATCH_TIMEOUT_MS);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, WATCH_TIMEOUT_MS);
        Path aside = out.resolveSibling(out.getFileName() + ".next");
        try (Admin admin = Admin.create(props)) {
            System.out.println(WATCHING);
            while (true) {
                long began = System.currentTimeMillis();
                String line;
                try {
                    Look look = look(admin, busy, WATCH_TIMEOUT_MS);
                    line = began + " " + look.busiest() + " " + look.underReplicated() + " " + look.leaders();
                } catch (Exception e) {
                    // A broker cut off or dead: the look is counted as not fully replicated, and the next one follows.
                    line = began + " -1 -1 {}";
                }
                Files.writeString(aside, line + "\n");
                Files.move(aside, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(WATCH_GAP_MS);
            }
        }
    }

    static final String WATCHING = "watching";
    private static final int WATCH_TIMEOUT_MS = 5_000;
    private static final long WATCH_GAP_MS = 250;
}
