package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    /** A second recipient, of the events the agreement sends to more than one agency (the soak's border returns). */
    static final String COUNTY = "county";

    static final String EXCHANGE = "exchange";

    /** The host of a second exchange instance, run beside the first when a test needs two. */
    static final String SECOND_EXCHANGE = "exchange2";

    /**
     * What a broker JVM gets: the machine's two cores and memory are shared by nine JVMs. The optimising compiler is
     * kept, for the brokers as for the exchange: they live through the whole class and carry every event over TLS (the
     * exchange checks every signature), work the quick compiler's code does slower.
     */
    private static final List<String> BROKER_JVM =
            List.of("-Xmx320m", "-XX:+UseSerialGC", "-Dlogback.configurationFile=cluster-broker-logback.xml");

    private static final List<String> EXCHANGE_JVM = List.of(HostProcess.HEAP, "-XX:+UseSerialGC");

    private static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    /**
     * How long a broker (or the watcher) may take to start: three brokers forming their quorum took over 2 minutes on
     * two cores shared with five other builds (load average 30).
     */
    private static final Duration START = Duration.ofMinutes(4);

    static final String DATA = "data";

    /** The line an exchange logs once its streams run: from then on it routes. */
    static final String EXCHANGE_RUNNING = "Exchange .*-> RUNNING";

    private final VirtualNetwork network;
    private final Path clusterFile;
    private final ClusterFile cluster;
    private final Map<Integer, HostProcess> brokers = new LinkedHashMap<>();
    private HostProcess exchange;
    private HostProcess secondExchange;
    /** Where the exchange runs, and as which static member: a restart after a kill is on the same host, as the same. */
    private String exchangeHost = EXCHANGE;

    private String exchangeInstance = "hosts";
    private HostProcess watcher;

    /** The topics whose leaders make a broker "the busiest": the senders' outboxes and the recipient's inbox. */
    private static final List<String> BUSY =
            List.of(Topics.outbox(SENDERS.get(0)), Topics.outbox(SENDERS.get(1)), Topics.inbox(RECIPIENT));

    private int starts;

    private HostCluster(VirtualNetwork network, Path clusterFile, ClusterFile cluster) {
        this.network = network;
        this.clusterFile = clusterFile;
        this.cluster = cluster;
    }

    /** Makes the hosts, starts the three brokers side by side, provisions them and starts the exchange. */
    static HostCluster start(String test) {
        Path work = work(test);
        VirtualNetwork network = hosts(work);
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
            HostCluster hosts = new HostCluster(network, cluster.writeTo(work), cluster);
            hosts.startBrokers();
            hosts.admin("provision");
            hosts.startExchange();
            hosts.awaitExchangeRunning();
            return hosts;
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }

    /**
     * The bus restored from a {@link BusBackup} on new hosts: a network of its own (the same addresses, which exist
     * only inside each network's namespaces), each broker on its own data as it was at the backup, the operator's
     * secrets as they were, and an exchange with no local state of its own (it rebuilds it from its changelogs).
     */
    static HostCluster restore(BusBackup backup, String test) {
        Path work = work(test);
        VirtualNetwork network = hosts(work);
        try {
            ClusterFile cluster = backup.restoreOperator(work);
            HostCluster hosts = new HostCluster(network, cluster.writeTo(work), cluster);
            for (int id = 1; id <= 3; id++) {
                backup.restoreBroker(id, hosts.brokerHost(id).folder());
            }
            hosts.startBrokers();
            hosts.startExchange();
            hosts.awaitExchangeRunning();
            return hosts;
        } catch (RuntimeException | Error e) {
            network.close();
            throw e;
        }
    }

    private static Path work(String test) {
        return Path.of(System.getProperty("ddrr.hosts.work", "target/hosts"))
                .toAbsolutePath()
                .resolve(test + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    /** The hosts, always in this order: a restored bus's brokers get the addresses the backed-up ones had. */
    private static VirtualNetwork hosts(Path work) {
        return VirtualNetwork.start(
                work,
                "hub",
                "broker1",
                "broker2",
                "broker3",
                EXCHANGE,
                "iom",
                "cicc",
                RECIPIENT,
                SECOND_EXCHANGE,
                COUNTY);
    }

    private void startBrokers() {
        for (int id = 1; id <= 3; id++) {
            brokers.put(id, launchBroker(id));
        }
        brokers.values().forEach(b -> b.awaitLine(ClusterBroker.STARTED, START));
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

    /** Where broker {@code id} keeps its data: its log, its metadata, its certificate. */
    Path brokerData(int id) {
        return brokerHost(id).folder().resolve(DATA);
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
                                brokerData(id).toString()))
                .start();
    }

    /** Starts a broker again on its own data, as after a power cut; returns once it serves. */
    HostProcess restartBroker(int id) {
        HostProcess broker = launchBroker(id);
        brokers.put(id, broker);
        broker.awaitLine(ClusterBroker.STARTED, START);
        return broker;
    }

    /**
     * Broker {@code id}'s machine is lost: the broker is killed, and started again on a new disk (a fresh data folder;
     * the old one is moved aside) holding its data as the backup has it. It catches up from the other two.
     */
    HostProcess restoreBroker(int id, BusBackup backup) {
        brokers.get(id).kill();
        brokers.get(id).awaitExit(Duration.ofMinutes(1));
        Path data = brokerData(id);
        try {
            Files.move(data, data.resolveSibling(DATA + "-lost-" + (++starts)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        backup.restoreBroker(id, brokerHost(id).folder());
        return restartBroker(id);
    }

    /** Starts the exchange on its host, on its state folder there (kept across restarts). */
    HostProcess startExchange() {
        exchange = launchExchange(exchangeHost(), exchangeInstance);
        return exchange;
    }

    /**
     * Starts a second instance of the exchange on the other exchange host: the same application (one consumer group,
     * one transactional id space), its own static member id and state folder. The group shares the work between the
     * two.
     */
    HostProcess startSecondExchange() {
        boolean first = exchangeHost.equals(EXCHANGE);
        secondExchange = launchExchange(network.host(first ? SECOND_EXCHANGE : EXCHANGE), first ? "hosts-2" : "hosts");
        return secondExchange;
    }

    /**
     * Waits until the exchange's streams run (the process ending first fails at once, with its log): a test's senders
     * and tally are started on a bus that routes, and its own time limit is not spent on the exchange's start.
     */
    void awaitExchangeRunning() {
        exchange.awaitLine(EXCHANGE_RUNNING, START);
    }

    HostProcess secondExchange() {
        return secondExchange;
    }

    /** The exchange was killed: the second one is the exchange from now on, and later faults strike it. */
    void secondExchangeTookOver() {
        boolean first = exchangeHost.equals(EXCHANGE);
        exchange = secondExchange;
        secondExchange = null;
        exchangeHost = first ? SECOND_EXCHANGE : EXCHANGE;
        exchangeInstance = first ? "hosts-2" : "hosts";
    }

    /** The host the exchange runs on. */
    Host exchangeHost() {
        return network.host(exchangeHost);
    }

    private HostProcess launchExchange(Host host, String instanceId) {
        List<String> args = List.of(
                "--ddrr.bus.bootstrap-servers=" + cluster.bootstrap(),
                "--ddrr.bus.security-protocol=SASL_SSL",
                "--ddrr.bus.ca-certificate=" + cluster.caCertificate(),
                "--ddrr.bus.password=" + Credentials.at(cluster.passwords()).passwordFor(EXCHANGE),
                "--ddrr.bus.keys-dir=" + cluster.keys(),
                "--ddrr.exchange.replication-factor=3",
                "--ddrr.exchange.state-dir=" + host.folder().resolve("state"),
                "--ddrr.exchange.instance-id=" + instanceId,
                "--spring.main.log-startup-info=false",
                // Kafka's own warnings too: what the exchange's clients met during a fault is in its log.
                "--logging.level.org.apache.kafka=WARN");
        return host.process("exchange-" + (++starts))
                .javaMain(EXCHANGE_JVM, classpath(), "org.ddrrbus.exchange.ExchangeApplication", args)
                .start();
    }

    /** What one look of the watcher on the hub saw in the cluster's metadata. */
    record State(int busiest, int underReplicated, String leaders) {}

    /**
     * What the metadata says now: the first look of the hub's watcher ({@code ClusterAdmin watch}) that began after
     * this call and got an answer. One watcher JVM runs for the whole cluster; it is started on first use, and again
     * if it died.
     */
    State state() {
        long asked = System.currentTimeMillis();
        State[] seen = new State[1];
        watcher().await("a look at the cluster begun after " + asked, START, () -> {
            seen[0] = look(asked);
            return seen[0] != null;
        });
        return seen[0];
    }

    private Path watched() {
        return network.hub().folder().resolve("cluster-state");
    }

    private synchronized HostProcess watcher() {
        if (watcher == null || !watcher.alive()) {
            List<String> args = new ArrayList<>(
                    List.of(clusterFile.toString(), "watch", watched().toString()));
            args.addAll(BUSY);
            watcher = network.hub()
                    .process("admin-watch-" + (++starts))
                    .javaMain(SMALL_JVM, classpath(), ClusterAdmin.class.getName(), args)
                    .start();
            watcher.awaitLine(ClusterAdmin.WATCHING, START);
        }
        return watcher;
    }

    /** The watcher's last look, if it began at or after {@code asked} and the brokers answered it. */
    private State look(long asked) {
        String line;
        try {
            line = Files.exists(watched()) ? Files.readString(watched()).strip() : "";
        } catch (IOException e) {
            return null;
        }
        String[] f = line.split(" ", 4);
        if (f.length < 4 || Long.parseLong(f[0]) < asked || Integer.parseInt(f[2]) < 0) {
            return null;
        }
        return new State(Integer.parseInt(f[1]), Integer.parseInt(f[2]), "leaders " + f[3]);
    }

    /** The broker leading most partitions of the senders' outboxes and the recipient's inbox. */
    int busiestLeader() {
        return state().busiest();
    }

    /** Every partition of every topic led and with all three replicas in sync. */
    void awaitFullyReplicated(Duration atMost) {
        Awaitility.await("every partition with three replicas in sync")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> state().underReplicated() == 0);
    }

    /**
     * Undoes what a failed test may have left: every host linked and at full speed, every broker and the exchange
     * running, a second exchange stopped.
     */
    void restore() {
        SlowLink.undo(network.hub(), network.host(EXCHANGE));
        SlowLink.undo(network.hub(), network.host(SECOND_EXCHANGE));
        if (secondExchange != null) {
            secondExchange.close();
            secondExchange = null;
        }
        for (int id = 1; id <= 3; id++) {
            brokerHost(id).reconnect();
            if (!brokers.get(id).alive()) {
                restartBroker(id);
            }
        }
        exchangeHost().reconnect();
        if (!exchange.alive()) {
            startExchange();
            awaitExchangeRunning();
        }
        awaitFullyReplicated(Duration.ofMinutes(2));
    }

    private void admin(String command) {
        network.hub()
                .process("admin-" + command)
                .log(network.hub().folder().resolve("admin-" + command + "-" + (++starts) + ".log"))
                .javaMain(
                        SMALL_JVM, classpath(), ClusterAdmin.class.getName(), List.of(clusterFile.toString(), command))
                .run(Duration.ofMinutes(2));
    }

    /**
     * Starts a small program of this test's classpath on a host: a sender, a tally, a relay. A run starts three of them
     * at once on two shared cores, and each lives a minute or two: the quick compiler alone starts them sooner and
     * leaves the cores to the brokers and the exchange.
     */
    HostProcess launch(Host host, String name, Class<?> main, List<String> args) {
        return host.process(name)
                .javaMain(
                        List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                        classpath(),
                        main.getName(),
                        args)
                .start();
    }

    static String classpath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    /**
     * Stops the bus: the exchanges and the watcher first, while the brokers still answer them, then the brokers at once
     * (SIGKILL), then the hosts. Nothing is checked after this; stopped gracefully, the last brokers of the quorum
     * cannot finish their controlled shutdown (the others are gone) and each would wait out its 20 s before it is
     * killed anyway.
     */
    @Override
    public void close() {
        try {
            List<HostProcess> clients = new ArrayList<>();
            for (HostProcess process : new HostProcess[] {secondExchange, exchange, watcher}) {
                if (process != null) {
                    clients.add(process);
                }
            }
            clients.parallelStream().forEach(HostProcess::close);
            brokers.values().parallelStream().forEach(HostProcess::kill);
        } finally {
            network.close();
        }
    }
}
