package org.ddrrbus.launcher.provision;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.TlsRefusal;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.ProvisioningPlan;
import org.ddrrbus.provisioning.TopicLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddrr provision plan|apply}: make the cluster's topics, users and ACLs match the agreement. */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        description = {
            "Show (plan) or make (apply) the changes that bring the cluster's topics, SCRAM users and ACLs",
            "in line with the sharing agreement. Applying twice changes nothing. A topic that holds data is",
            "never deleted without --allow-delete. Works against the running ./ddrr up broker, or the cluster",
            "named by KAFKA_BOOTSTRAP (with KAFKA_ADMIN_USER and KAFKA_ADMIN_PASSWORD)."
        })
public final class ProvisionCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "plan|apply", description = "plan: print the changes; apply: make them.")
    String action;

    @Option(names = "--agreement", description = "Agreement file (default: config/sharing-agreement.yaml).")
    Path agreementFile;

    @Option(
            names = "--allow-delete",
            description = "Also delete topics that hold data but are no longer in the agreement.")
    boolean allowDelete;

    @Option(
            names = "--data",
            defaultValue = "data",
            description = "Data directory of ./ddrr up (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "The bus CA's certificate the broker's must be signed by (default: <data>/operator/ca/ca.crt;"
                    + " with KAFKA_BOOTSTRAP, KAFKA_SSL_TRUSTSTORE_*).")
    Path ca;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!action.equals("plan") && !action.equals("apply")) {
            throw new IllegalArgumentException("unknown action '" + action + "': use plan or apply");
        }
        PrintWriter out = spec.commandLine().getOut();
        SharingAgreement agreement = Optional.ofNullable(agreementFile)
                .or(Workspace::agreementFile)
                .map(AgreementLoader::load)
                .orElseGet(AgreementLoader::loadDefault);
        Optional<Cluster> cluster = Cluster.fromEnvironment();
        Workspace workspace = new Workspace(data);
        if (cluster.isEmpty() && !workspace.exists()) {
            throw new IllegalStateException("no bus in " + data + ": start one with ./ddrr up, or set KAFKA_BOOTSTRAP");
        }
        // The operator's credentials hold the admin password only: provisioning sets no agency's password (each gets
        // one from its enrolment, ./ddrr partner enrol) and resets none.
        Credentials credentials = workspace.credentials();
        Path trusted = ca != null ? ca : workspace.caCertificate();
        String servers = BusAddress.read(workspace.busFile())
                .map(BusAddress::bootstrapServers)
                .orElse("127.0.0.1:" + Ports.standard().kafka());
        Map<String, Object> admin = cluster.map(Cluster::adminProperties)
                .orElseGet(
                        () -> new HashMap<>(Cluster.embeddedAdmin(servers, credentials.passwordFor("admin"), trusted)));
        if (cluster.isPresent() && ca != null) {
            admin.keySet().removeIf(key -> key.startsWith("ssl.truststore."));
            admin.putAll(CaTrust.settings(ca));
        }
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        TopicLayout layout = cluster.map(Cluster::layout).orElseGet(TopicLayout::singleNode);
        try (Admin client = Admin.create(admin)) {
            Provisioner provisioner = new Provisioner(client, DesiredState.from(agreement, layout), credentials);
            ProvisioningPlan plan = provisioner.plan(allowDelete);
            out.println(plan.render());
            if (action.equals("apply") && !plan.isEmpty()) {
                provisioner.apply(plan);
                out.println("applied.");
            }
        } catch (RuntimeException e) {
            RuntimeException tls = TlsRefusal.of(
                    e,
                    String.valueOf(admin.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)),
                    cluster.isPresent() && ca == null ? "KAFKA_SSL_TRUSTSTORE_LOCATION" : trusted.toString());
            if (tls != e) {
                throw tls;
            }
            if (e instanceof IllegalStateException
                    && e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new IllegalStateException("cannot reach Kafka at "
                        + admin.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + ": is ./ddrr up running?");
            }
            throw e;
        }
        return 0;
    }
}
