package org.ddrrbus.launcher.up;

import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.ddrrbus.launcher.federation.KeptLink;
import org.ddrrbus.launcher.keys.LocalOperator;
import org.ddrrbus.launcher.keys.OperatorOptions;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.partner.Enroller;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.MonitoringAccount;
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
            "cluster), topics and ACLs from the sharing agreement, the key directory, the exchange, the dashboard and",
            "every partner service not left out, each from a node home of its own in <data>/nodes/<name>, made as",
            "./ddrr partner enrol and ./ddrr node init make one. Data stays in --data across restarts. Ctrl-C stops."
        })
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "data", description = "Data directory (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--without",
            split = ",",
            paramLabel = "AGENCY",
            description = "Partners that run as nodes of their own elsewhere (./ddrr node start), e.g. iom,cicc.")
    List<String> without = new ArrayList<>();

    @Option(
            names = "--operator-only",
            description = "Only the operator's side: broker, provisioning, key directory, exchange and dashboard.")
    boolean operatorOnly;

    @Option(
            names = "--kafka-host",
            paramLabel = "HOST",
            defaultValue = BrokerSettings.LOOPBACK,
            description = "The address partners reach the broker at: advertised to clients and named in the broker's"
                    + " TLS certificate; on any address but loopback the broker listens on every interface (default:"
                    + " ${DEFAULT-VALUE}).")
    String kafkaHost;

    @Option(
            names = "--key-holder-host",
            paramLabel = "HOST",
            description =
                    "On a cluster (KAFKA_BOOTSTRAP): where nodes reach the exchange's key holder (HTTPS, port"
                            + " 8091), its certificate from <data>/operator/ca/ca.key or <data>/operator/key-holder.pem"
                            + " (./ddrr key-holder). Without it, a cluster's bus seals only with every partner in this process.")
    String keyHolderHost;

    @Option(
            names = "--country",
            paramLabel = "CC",
            defaultValue = "ke",
            description = "The country whose national bus this is (default: ${DEFAULT-VALUE}). Another country's bus"
                    + " (e.g. so) runs beside Kenya's on the same machine: data in data-<cc> unless --data says"
                    + " otherwise, every port 100 higher, subjectRefs starting <CC>- (docs/federation.md).")
    String country;

    @Option(
            names = "--unsealed",
            description = "Seal nothing. Otherwise every partner service seals what it publishes about a person, and"
                    + " the exchange refuses plain values. Not for a bus linked to another country's (./ddrr"
                    + " federate): what arrives from there is delivered sealed under the person's key.")
    boolean unsealed;

    /** For tests that run the real command beside other buses: every port chosen free instead of the defaults. */
    @Option(names = "--free-ports", hidden = true)
    boolean freePorts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!country.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("--country must be a two-letter country code such as ke or so");
        }
        if (!country.equals("ke")) {
            if (spec.commandLine().getParseResult().matchedOption("--data") == null) {
                data = Path.of("data-" + country);
            }
            System.setProperty(Codes.SUBJECT_PREFIX_PROPERTY, country.toUpperCase(java.util.Locale.ROOT) + "-");
        }
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
        List<String> partners = partners();
        PrivateFiles.directory(workspace.operatorDir());
        LegacyLayout legacy = LegacyLayout.of(workspace);
        legacy.moveAdminPassword();
        Credentials operator = workspace.credentials();
        Optional<Path> agreementFile = Workspace.agreementFile(country);
        SharingAgreement agreement = agreementFile.map(AgreementLoader::load).orElseGet(AgreementLoader::loadDefault);
        Ports ports = freePorts ? Ports.free() : Ports.forCountry(country);
        Optional<Cluster> cluster = Cluster.fromEnvironment();
        List<String> components = new ArrayList<>(List.of(Components.EXCHANGE, Components.DASHBOARD));
        partners.stream().map(BusSystem::componentOf).flatMap(Optional::stream).forEach(components::add);

        Map<String, Integer> needed = new LinkedHashMap<>();
        components.forEach(c -> needed.put(c, ports.of(c)));
        // An HTTPS key holder of the bus CA's: with up's own broker, whose CA it holds, or on a cluster at
        // --key-holder-host.
        KeyHolder.requireCluster(keyHolderHost, cluster.isPresent());
        boolean keyHolderHttps = !unsealed && (cluster.isEmpty() || keyHolderHost != null);
        if (keyHolderHttps) {
            needed.put("key holder", ports.keyHolder());
        }
        BusKafka kafka =
                BusKafka.start(cluster, kafkaHost, ports, needed, workspace, existing, operator, agreement, out);
        Map<String, Object> admin = kafka.admin();
        TopicLayout layout = kafka.layout();
        Optional<Path> ca = kafka.ca();
        KeyHolder keyHolder = !keyHolderHttps
                ? KeyHolder.NONE
                : cluster.isPresent()
                        ? KeyHolder.onCluster(workspace, keyHolderHost, ports.keyHolder())
                        : ca.map(c -> KeyHolder.https(
                                        workspace.dataDir(),
                                        workspace.home(Components.EXCHANGE),
                                        kafkaHost,
                                        ports.keyHolder()))
                                .orElse(KeyHolder.NONE);
        BusAddress address = kafka.address().withKeyHolder(keyHolder.url());
        address.write(workspace.busFile());

        List<NodeHome> homes = new ArrayList<>();
        try (Admin client = Admin.create(admin)) {
            // Provisioning creates no user: each gets its password from its enrolment below, and keeps it.
            // A bus ./ddrr federate linked keeps its link's topics and ACLs, which the agreement alone would revoke.
            DesiredState desired = KeptLink.keep(
                    DesiredState.from(agreement, layout),
                    client,
                    country,
                    agreement,
                    Path.of("config", FederationLoader.FILE_NAME),
                    out);
            ProvisioningPlan plan = new Provisioner(client, desired, Credentials.inMemory()).applyAgreement(false);
            out.println(
                    plan.isEmpty()
                            ? "Topics and ACLs already match the sharing agreement."
                            : "Provisioned topics and ACLs from the sharing agreement.");
            plan.keptTopics().forEach(t -> out.println("  kept " + t + " (holds data; no longer in the agreement)"));

            // Playing the operator and every local node: each component gets a home of its own, made as
            // ./ddrr partner enrol and ./ddrr node init make one, and holding nothing of any other.
            DirectoryKey directoryKey = DirectoryKey.provision(OperatorOptions.directoryKeyFile(data));
            Enroller enroller =
                    new Enroller(address, ca, directoryKey.anchor(), agreement, Workspace.agreementText(agreementFile));
            List<String> principals = new ArrayList<>(List.of(Components.EXCHANGE, Components.DASHBOARD));
            principals.addAll(partners);
            for (String principal : principals) {
                homes.add(LocalNodes.ensure(client, enroller, workspace, principal, legacy));
            }
            legacy.removeShared();
            Map<String, PrivateKeys> keys = new TreeMap<>();
            homes.forEach(home -> keys.put(home.settings().agency(), home.privateKeys()));
            // Every local key is registered before any component starts, so each finds its own key valid and
            // learns every other key from the directory on the bus.
            List<RegisteredKey> registered = LocalOperator.register(admin, directoryKey, keys, agreement, out);

            out.println("Starting the exchange, the dashboard" + (partners.isEmpty() ? "" : " and the partner services")
                    + " ...");
            out.flush();
            Map<String, NodeHome> byComponent = new LinkedHashMap<>();
            Map<String, StaffAccounts> staff = new LinkedHashMap<>();
            Map<String, MonitoringAccount> monitoring = new LinkedHashMap<>();
            for (NodeHome home : homes) {
                String principal = home.settings().agency();
                BusSystem.componentOf(principal).ifPresent(component -> {
                    byComponent.put(component, home);
                    staff.put(component, home.staff(component, principal));
                    home.monitoring(component).ifPresent(account -> monitoring.put(component, account));
                });
            }
            // The bus seals unless told not to (--unsealed): every node, here or elsewhere, is told the key holder's
            // HTTPS address by its enrolment. On a cluster given no --key-holder-host there is none, and the bus seals
            // only when every partner runs here, asking the exchange's loopback port.
            boolean sealing = !unsealed && (keyHolder.url().isPresent() || (without.isEmpty() && !operatorOnly));
            BusSystem system = BusSystem.start(
                    new LocalNodes.Settings(
                            byComponent,
                            staff,
                            monitoring,
                            "http://127.0.0.1:" + ports.exchange(),
                            sealing,
                            keyHolder.exchangeArguments()),
                    ports,
                    components);
            // Kafka Streams makes its state directories group-readable (750) as it starts; they are the owner's alone.
            PrivateFiles.tighten(data);

            StopHook stop = StopHook.install(system, kafka.broker(), data);

            out.println("Waiting until every component is ready (connected to Kafka and caught up) ...");
            out.flush();
            system.awaitReady(READY_WITHIN);
            Banner.print(
                    out,
                    system,
                    staff,
                    byComponent,
                    address,
                    workspace,
                    kafka.broker().map(EmbeddedBroker::readLog),
                    registered,
                    homes);
            out.flush();
            stop.awaitStopped();
            return 0;
        }
    }

    /** How long a component may take to catch up with what it reads before up gives up on it. */
    private static final java.time.Duration READY_WITHIN = java.time.Duration.ofMinutes(5);

    /** The system {@code up} runs in this JVM, once it runs: for tests that run the real command in their own JVM. */
    public static Optional<BusSystem> runningInProcess() {
        return StopHook.runningInProcess();
    }

    /** Stops what {@code up} runs in this JVM, as Ctrl-C would: for the same tests. */
    public static void stopInProcess() {
        StopHook.stopInProcess();
    }

    /** The partners that run in this process: every one, less those left out. */
    private List<String> partners() {
        List<String> all = new ArrayList<>(LocalNodes.PARTNERS);
        if (operatorOnly) {
            return List.of();
        }
        for (String name : without) {
            String agency = name.strip().equals("embassy") ? BusSystem.DEMO_EMBASSY : name.strip();
            if (!all.remove(agency)) {
                throw new IllegalArgumentException("--without names '" + OneLine.of(name, 40) + "', not one of "
                        + String.join(", ", LocalNodes.PARTNERS));
            }
        }
        return all;
    }
}
