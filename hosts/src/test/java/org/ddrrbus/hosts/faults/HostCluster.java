package org.ddrrbus.hosts.faults;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.awaitility.Awaitility;
import org.ddrrbus.broker.tls.CertificateAuthority;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;
import org.ddrrbus.hosts.VirtualNetwork;
import org.ddrrbus.provisioning.Credentials;

/**
 * The bus spread over separate hosts: three brokers, each its own JVM ({@link ClusterBroker}) on a host of its own,
 * the exchange on another, and the partners iom, cicc (who send) and nctc (who receives) on theirs. The hub, the
 * operator's host, only routes and runs the operator's one-shot commands ({@link ClusterAdmin}).
 */
final class HostCluster implements AutoCloseable {

    static final List<String> SENDERS = List.of("iom", "cicc");
    static final String RECIPIENT = "nctc";
    static final String EXCHANGE = "exchange";

    /** What a broker JVM gets: the machine's two cores and memory are shared by nine JVMs. */
    private static final List<String> BROKER_JVM =
            List.of("-Xmx320m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=cluster-broker-logback.xml");

    private static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration START = Duration.ofMinutes(2);

    private final VirtualNetwork network;
    private final Path clusterFile;
    private final ClusterFile cluster;
    private final Map<Integer, HostProcess> brokers = new LinkedHashMap<>();
    private HostProcess exchange;
    private int starts;

    private HostCluster(VirtualNetwork network, Path clusterFile, ClusterFile cluster) {
        this.network = network;
        this.clusterFile = clusterFile;
        this.cluster = cluster;
    }

    /** Makes the hosts, starts the three brokers side by side, provisions them and starts the exchange. */
    static HostCluster start(String test) {
        Path work = Path.of(System.getProperty("ddrr.hosts.work", "target/hosts"))
                .toAbsolutePath()
                .resolve(test + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        VirtualNetwork network =
                VirtualNetwork.start(work, "hub", "broker1", "broker2", "broker3", EXCHANGE, "iom", "cicc", RECIPIENT);
        try {
            CertificateAuthority.provision(work.resolve("ca"), Clock.systemUTC());
            List<String> voters = new ArrayList<>();
            List<String> bootstrap = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                String address = network.host("broker" + id).address();
                voters.add(id + "@" + address + ":" + ClusterBroker.CONTROLLER_PORT);
                bootstrap.add(address + ":" + ClusterBroker.PORT);
            }
            ClusterFile cluster = new ClusterFile(
                    String.join(",", bootstrap),
                    String.join(",", voters),
                    Uuid.randomUuid().toString(),
                    Credentials.generate(24),
                    work.resolve("ca"),
                    work.resolve("passwords.properties"),
                    work.resolve("keys"));
            Path file = work.resolve("cluster.properties");
            cluster.write(file);
            HostCluster hosts = new HostCluster(network, file, cluster);
            for (int id = 1; id <= 3; id++) {
                hosts.brokers.put(id, hosts.launchBroker(id));
            }
            hosts.brokers.values().forEach(b -> b.awaitLine(ClusterBroker.STARTED, START));
            hosts.admin("provision");
            hosts.startExchange();
            return hosts;
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }

    VirtualNetwork network() {
        return network;
    }

    Path clusterFile() {
        return clusterFile;
    }

    ClusterFile cluster() {
        return cluster;
    }

    Host brokerHost(int id) {
        return network.host("broker" + id);
    }

    HostProcess broker(int id) {
        return brokers.get(id);
    }

    HostProcess exchange() {
        return exchange;
    }

    private HostProcess launchBroker(int id) {
        Host host = brokerHost(id);
        return host.process("broker-" + (++starts))
                .javaMain(
                        BROKER_JVM,
                        classpath(),
                        ClusterBroker.class.getName(),
                        List.of(
                                clusterFile.toString(),
                                String.valueOf(id),
                                host.address(),
                                host.folder().resolve("data").toString()))
                .start();
    }

    /** Starts a broker again on its own data, as after a power cut; returns once it serves. */
    HostProcess restartBroker(int id) {
        HostProcess broker = launchBroker(id);
        brokers.put(id, broker);
        broker.awaitLine(ClusterBroker.STARTED, START);
        return broker;
    }

    /** Starts the exchange on its host, on its state folder there (kept across restarts). */
    HostProcess startExchange() {
        Host host = network.host(EXCHANGE);
        List<String> args = List.of(
                "--ddrr.bus.bootstrap-servers=" + cluster.bootstrap(),
                "--ddrr.bus.security-protocol=SASL_SSL",
                "--ddrr.bus.ca-certificate=" + cluster.caCertificate(),
                "--ddrr.bus.password=" + Credentials.at(cluster.passwords()).passwordFor(EXCHANGE),
                "--ddrr.bus.keys-dir=" + cluster.keys(),
                "--ddrr.exchange.replication-factor=3",
                "--ddrr.exchange.state-dir=" + host.folder().resolve("state"),
                "--ddrr.exchange.instance-id=hosts",
                "--spring.main.log-startup-info=false",
                // Kafka's own warnings too: what the exchange's clients met during a fault is in its log.
                "--logging.level.org.apache.kafka=WARN");
        exchange = host.process("exchange-" + (++starts))
                .javaMain(
                        List.of(HostProcess.HEAP, "-XX:+UseSerialGC"),
                        classpath(),
                        "org.ddrrbus.exchange.ExchangeApplication",
                        args)
                .start();
        return exchange;
    }

    /** What the cluster's metadata says now (a one-shot admin client on the hub). */
    record State(int busiest, int underReplicated, String leaders) {}

    State state() {
        String output = adminOutput(List.of(
                "state", Topics.outbox(SENDERS.get(0)), Topics.outbox(SENDERS.get(1)), Topics.inbox(RECIPIENT)));
        int busiest = -1;
        int under = -1;
        String leaders = "";
        for (String line : output.lines().toList()) {
            if (line.startsWith(ClusterAdmin.BUSIEST)) {
                busiest = Integer.parseInt(
                        line.substring(ClusterAdmin.BUSIEST.length()).strip());
            } else if (line.startsWith(ClusterAdmin.UNDER_REPLICATED)) {
                under = Integer.parseInt(
                        line.substring(ClusterAdmin.UNDER_REPLICATED.length()).strip());
            } else if (line.startsWith("leaders ")) {
                leaders = line;
            }
        }
        return new State(busiest, under, leaders);
    }

    /** The broker leading most partitions of the senders' outboxes and the recipient's inbox. */
    int busiestLeader() {
        return state().busiest();
    }

    /** Every partition of every topic led and with all three replicas in sync. */
    void awaitFullyReplicated(Duration atMost) {
        Awaitility.await("every partition with three replicas in sync")
                .atMost(atMost)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> state().underReplicated() == 0);
    }

    /** Undoes what a failed test may have left: every host linked, every broker and the exchange running. */
    void restore() {
        for (int id = 1; id <= 3; id++) {
            brokerHost(id).reconnect();
            if (!brokers.get(id).alive()) {
                restartBroker(id);
            }
        }
        network.host(EXCHANGE).reconnect();
        if (!exchange.alive()) {
            startExchange();
        }
        awaitFullyReplicated(Duration.ofMinutes(2));
    }

    private void admin(String command) {
        adminOutput(List.of(command));
    }

    private String adminOutput(List<String> command) {
        List<String> args = new ArrayList<>(List.of(clusterFile.toString()));
        args.addAll(command);
        return network.hub()
                .process("admin-" + command.get(0))
                .log(network.hub().folder().resolve("admin-" + command.get(0) + "-" + (++starts) + ".log"))
                .javaMain(SMALL_JVM, classpath(), ClusterAdmin.class.getName(), args)
                .run(Duration.ofMinutes(2));
    }

    /** Starts a small program of this test's classpath on a host. */
    HostProcess launch(Host host, String name, Class<?> main, List<String> args) {
        return host.process(name)
                .javaMain(List.of("-Xmx160m", "-XX:+UseSerialGC"), classpath(), main.getName(), args)
                .start();
    }

    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Override
    public void close() {
        network.close();
    }
}
