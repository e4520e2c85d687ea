package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.launcher.keys.LocalOperator;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.PrivateFiles;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.ProvisioningPlan;
import org.ddrrbus.provisioning.TopicLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddrr up}: the whole bus on this machine, until Ctrl-C. */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Start the whole bus: a persistent Kafka broker in this process (unless KAFKA_BOOTSTRAP names a",
            "cluster), topics, users and ACLs from the sharing agreement, the exchange, the dashboard and every",
            "partner service. Data stays in --data across restarts. Ctrl-C stops everything cleanly."
        })
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--kafka-host",
            paramLabel = "HOST",
            defaultValue = BrokerSettings.LOOPBACK,
            description = "The address partners reach the broker at: advertised to clients and named in the broker's"
                    + " TLS certificate; on any address but loopback the broker listens on every interface (default:"
                    + " ${DEFAULT-VALUE}).")
    String kafkaHost;

    /** For tests that run the real command beside other buses: every port chosen free instead of the defaults. */
    @Option(names = "--free-ports", hidden = true)
    boolean freePorts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrivateFiles.directory(data);
        PrivateFiles.tighten(data);
        try (FileChannel lockFile =
                        FileChannel.open(data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = lockFile.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another ddrr up is already using " + data.toAbsolutePath());
            }
            return runUntilStopped(out);
        }
    }

    private int runUntilStopped(PrintWriter out) throws InterruptedException {
        Workspace workspace = new Workspace(data);
        boolean existing = workspace.exists();
        Credentials credentials = workspace.credentials();
        Optional<Path> agreementFile = Workspace.agreementFile();
        SharingAgreement agreement = agreementFile.map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
        Ports ports = freePorts ? Ports.free() : Ports.standard();
        Optional<Cluster> cluster = Cluster.fromEnvironment();

        EmbeddedBroker broker = null;
        Map<String, Object> admin;
        TopicLayout layout;
        Connection connection;
        if (cluster.isPresent() && !kafkaHost.equals(BrokerSettings.LOOPBACK)) {
            throw new IllegalArgumentException(
                    "--kafka-host is the embedded broker's address, but KAFKA_BOOTSTRAP names another cluster");
        }
        if (cluster.isPresent()) {
            requireFree(Map.of(
                    "dashboard",
                    ports.dashboard(),
                    "nctc",
                    ports.nctc(),
                    "iom",
                    ports.iom(),
                    "cicc",
                    ports.cicc(),
                    "county",
                    ports.county(),
                    "embassy",
                    ports.embassy()));
            admin = cluster.get().adminProperties();
            layout = cluster.get().layout();
            connection = new Connection(
                    cluster.get().bootstrapServers(),
                    cluster.get().securityProtocol(),
                    credentials,
                    agreementFile,
                    workspace.keysDir());
            out.println("Using the Kafka cluster at " + cluster.get().bootstrapServers());
        } else {
            requireFree(new LinkedHashMap<>(Map.of(
                    "Kafka",
                    ports.kafka(),
                    "Kafka controller",
                    ports.controller(),
                    "dashboard",
                    ports.dashboard(),
                    "nctc",
                    ports.nctc(),
                    "iom",
                    ports.iom(),
                    "cicc",
                    ports.cicc(),
                    "county",
                    ports.county(),
                    "embassy",
                    ports.embassy())));
            out.println(
                    (existing ? "Restarting" : "Starting") + " the embedded Kafka broker (data in " + data + ") ...");
            out.flush();
            // The principals that may read every inbox are on the broker's own record, whatever client they use.
            broker = new EmbeddedBroker(
                            new BrokerSettings(
                                            data, ports.kafka(), ports.controller(), credentials.passwordFor("admin"))
                                    .withAdvertisedHost(kafkaHost),
                            agreement.agenciesWith(Role.AUDITOR).stream()
                                    .map(Agency::id)
                                    .collect(Collectors.toSet()))
                    .start();
            admin = broker.adminClientProperties();
            layout = TopicLayout.singleNode();
            connection = new Connection(
                    broker.settings().bootstrapServers(),
                    broker.settings().securityProtocol(),
                    credentials,
                    agreementFile,
                    workspace.keysDir(),
                    broker.caCertificate());
        }

        try (Admin client = Admin.create(admin)) {
            ProvisioningPlan plan =
                    new Provisioner(client, DesiredState.from(agreement, layout), credentials).applyAgreement(false);
            out.println(
                    plan.isEmpty()
                            ? "Topics, users and ACLs already match the sharing agreement."
                            : "Provisioned from the sharing agreement: "
                                    + (plan.render().lines().count() - 1) + " change(s).");
            plan.keptTopics().forEach(t -> out.println("  kept " + t + " (holds data; no longer in the agreement)"));
        }

        // Playing the operator: every local component's key is registered in the key directory before any component
        // starts, so each finds its own key valid and learns every other key from the directory on the bus.
        List<RegisteredKey> keys = LocalOperator.registerLocalKeys(admin, data, workspace.keysDir(), agreement, out);
        out.println("Starting the exchange, the dashboard and the partner services ...");
        out.flush();
        StaffAccounts staff = new Workspace(data).staff();
        BusSystem system = BusSystem.start(connection, ports, staff, data);
        // Kafka Streams makes its state directories group-readable (750) as it starts; they are the owner's alone.
        PrivateFiles.tighten(data);
        ClientConfigs.write(data.resolve("clients"), connection, agreement);

        EmbeddedBroker started = broker;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("\nStopping ddrr-bus ...");
                            system.close();
                            if (started != null) {
                                started.close();
                            }
                            System.out.println(
                                    "Stopped. The data stays in " + data + "; ./ddrr up starts from it again.");
                            stopped.countDown();
                        },
                        "ddrr-shutdown"));

        Banner.print(
                out,
                system,
                staff,
                Workspace.staffFile(data),
                connection,
                data,
                Optional.ofNullable(started).map(EmbeddedBroker::readLog),
                keys);
        out.flush();
        stopped.await();
        return 0;
    }

    private static void requireFree(Map<String, Integer> ports) {
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "port " + port + " (" + what + ") is already in use: is another ddrr up running?");
            }
        });
    }
}
