package org.ddrrbus.hosts.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * ClusterAdmin CLUSTER-FILE state TOPIC...</pre>
 *
 * {@code provision} lays out the agreement's topics as on a real cluster (replication factor 3, min ISR 2), makes
 * every principal's SCRAM user and ACLs exactly as {@code ./ddrr up} does, and registers every principal's signing key
 * in the key directory under a new operator key. {@code state} prints the broker leading most partitions of the
 * given topics ({@code busiest <node>}) and how many partitions of any topic have fewer than three replicas in sync
 * ({@code under-replicated <n>}).
 */
public final class ClusterAdmin {

    static final String PROVISIONED = "provisioned";
    static final String BUSIEST = "busiest ";
    static final String UNDER_REPLICATED = "under-replicated ";

    private ClusterAdmin() {}

    public static void main(String[] args) throws Exception {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        Map<String, Object> admin = new java.util.HashMap<>(cluster.admin());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        switch (args[1]) {
            case "provision" -> provision(cluster, admin);
            case "state" -> state(admin, List.of(args).subList(2, args.length));
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

    private static void state(Map<String, Object> adminProps, List<String> busy) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            Collection<TopicDescription> all = admin.describeTopics(
                            admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                                    .names()
                                    .get())
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
            System.out.println("leaders " + led);
            System.out.println(BUSIEST + busiest);
            System.out.println(UNDER_REPLICATED + under);
        }
    }
}
