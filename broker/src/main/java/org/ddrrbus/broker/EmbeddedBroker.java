package org.ddrrbus.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.utils.Time;
import org.ddrrbus.broker.tls.BrokerTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persistent single-node KRaft broker (broker and controller in one) inside this JVM.
 *
 * <p>It is locked down from the first start: clients authenticate with SASL/SCRAM-SHA-512, the StandardAuthorizer
 * denies everything no ACL allows, and only {@code admin} is a super user. SCRAM credentials live in the metadata log,
 * which the controller channel cannot read before it starts, so that channel uses PLAIN with a password known only to
 * this process.
 *
 * <p>The client listener speaks TLS unless the settings turn it off: the broker's certificate is signed by the
 * installation's own CA ({@link BrokerTls}), which every client trusts. The controller listener stays on loopback, for
 * this process alone.
 *
 * <p>What the authorizer decides about the principals that may read everything (the auditor, and the {@code admin}
 * super user) and every denial are written to {@value #READ_LOG} under the data directory, readable by its owner only,
 * so a read made with any Kafka client is on record, not only one made through the auditor's command line.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String BUS_LISTENER = "BUS";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    /** The broker's record of reads and denials, under the data directory. */
    public static final String READ_LOG = "broker-reads.log";

    private final BrokerSettings settings;
    private final Set<String> readersOnRecord;
    private KafkaRaftServer server;
    private BrokerTls tls;
    private ReadLog readLog;

    /** A broker that records the reads of no principal but {@code admin}, and every denial. */
    public EmbeddedBroker(BrokerSettings settings) {
        this(settings, Set.of());
    }

    /**
     * @param readersOnRecord principals whose every topic read the broker writes to {@link #readLog()}, such as the
     *     agreement's auditor; {@code admin} always is
     */
    public EmbeddedBroker(BrokerSettings settings, Set<String> readersOnRecord) {
        this.settings = settings;
        Set<String> readers = new TreeSet<>(readersOnRecord);
        readers.add(BrokerSettings.ADMIN);
        this.readersOnRecord = Set.copyOf(readers);
    }

    /** Formats the storage on first start, then starts the broker; returns once it accepts clients. */
    public synchronized EmbeddedBroker start() {
        if (server != null) {
            return this;
        }
        Path logDir = settings.dataDir().resolve("kafka");
        if (settings.tls()) {
            tls = BrokerTls.prepare(settings.dataDir(), settings.advertisedHost(), Clock.systemUTC());
        }
        Properties props = serverProperties(logDir);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(props, logDir);
        }
        // Before the broker starts: a read in its first second is as much on record as any other.
        readLog = ReadLog.start(readLog(), readersOnRecord);
        try {
            server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            server.startup();
        } catch (RuntimeException e) {
            server = null;
            readLog.close();
            readLog = null;
            throw e;
        }
        log.info(
                "Kafka broker listening on {} ({}, data in {})",
                settings.bootstrapServers(),
                settings.securityProtocol(),
                logDir);
        return this;
    }

    /**
     * Where the broker records every topic read of the principals on record and every denial of anyone, one line per
     * decision: {@code <time> Principal = User:auditor is Allowed operation = READ from host = ... on resource =
     * Topic:LITERAL:ddrr.inbox.iom for request = Fetch ...}.
     */
    public Path readLog() {
        return settings.dataDir().resolve(READ_LOG);
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }

    public boolean isRunning() {
        return server != null;
    }

    public BrokerSettings settings() {
        return settings;
    }

    /** Client properties that log in as the super user; used by provisioning, never handed to services. */
    public Map<String, Object> adminClientProperties() {
        Map<String, Object> props = new HashMap<>(clientTrust());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, settings.securityProtocol());
        props.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        props.put(SaslConfigs.SASL_JAAS_CONFIG, scramJaas(BrokerSettings.ADMIN, settings.adminPassword()));
        return Map.copyOf(props);
    }

    /**
     * The CA certificate clients of this broker trust, when it speaks TLS: {@code <data>/operator/ca/ca.crt}. Known
     * before the broker starts, so clients can be configured ahead of it.
     */
    public Optional<Path> caCertificate() {
        return settings.tls() ? Optional.of(BrokerTls.caCertificate(settings.dataDir())) : Optional.empty();
    }

    /** What a client needs to trust this broker besides its login: nothing without TLS. */
    public Map<String, Object> clientTrust() {
        return caCertificate().map(BrokerTls::clientTrust).orElse(Map.of());
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
        readLog.close();
        readLog = null;
        log.info("Kafka broker stopped");
    }

    private Properties serverProperties(Path logDir) {
        String admin = BrokerSettings.ADMIN;
        String password = settings.adminPassword();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + settings.controllerPort());
        p.put(
                "listeners",
                BUS_LISTENER + "://" + BrokerSettings.hostPort(settings.listenHost(), settings.port()) + ","
                        + CONTROLLER_LISTENER + "://127.0.0.1:" + settings.controllerPort());
        p.put("advertised.listeners", BUS_LISTENER + "://" + settings.bootstrapServers());
        p.put(
                "listener.security.protocol.map",
                BUS_LISTENER + ":" + settings.securityProtocol() + "," + CONTROLLER_LISTENER + ":SASL_PLAINTEXT");
        if (tls != null) {
            // Only the client listener is SSL, so these apply to it alone; the controller channel stays internal.
            tls.serverProperties().forEach(p::put);
        }
        p.put("inter.broker.listener.name", BUS_LISTENER);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("sasl.mechanism.inter.broker.protocol", "SCRAM-SHA-512");
        p.put("listener.name.bus.scram-sha-512.sasl.jaas.config", scramJaas(admin, password));
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put(
                "listener.name.controller.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + admin);
        p.put("allow.everyone.if.no.acl.found", "false");
        p.put("auto.create.topics.enable", "false");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        // One node: internal topics cannot be replicated. Few partitions keep the preallocated index files small.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("num.partitions", "3");
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.index.size.max.bytes", String.valueOf(1024 * 1024));
        settings.overrides().forEach(p::put);
        return p;
    }

    private void format(Properties props, Path logDir) {
        try {
            // Every event and the admin's password end up here: the owner's alone, whoever else uses the machine.
            Files.createDirectories(logDir);
            ownerOnly(logDir, "rwx------");
            Path config = settings.dataDir().resolve("broker-format.properties");
            if (!Files.exists(config)) {
                Files.createFile(config);
            }
            ownerOnly(config, "rw-------");
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "written once to format the embedded broker's storage");
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int exit;
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exit = StorageTool.execute(
                        new String[] {
                            "format",
                            "-t",
                            newClusterId(),
                            "-c",
                            config.toString(),
                            "--add-scram",
                            "SCRAM-SHA-512=[name=" + BrokerSettings.ADMIN + ",password=" + settings.adminPassword()
                                    + "]"
                        },
                        out);
            } finally {
                // The file holds the admin password; it served its purpose.
                Files.deleteIfExists(config);
            }
            if (exit != 0) {
                throw new IllegalStateException("could not format broker storage in " + logDir + ": "
                        + output.toString(StandardCharsets.UTF_8).strip());
            }
            log.info("Formatted new broker storage in {}", logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare broker storage in " + logDir, e);
        }
    }

    /**
     * Kafka's own random id: URL-safe base64 that, unlike any 16 random bytes encoded, never starts with '-', which
     * the storage tool's argument parser would take for an option and refuse (one start in 64 would fail).
     */
    private static String newClusterId() {
        return Uuid.randomUuid().toString();
    }

    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }
}
