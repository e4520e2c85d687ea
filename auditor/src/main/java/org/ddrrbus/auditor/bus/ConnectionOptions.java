package org.ddrrbus.auditor.bus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.spring.KafkaEnvironment;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.tls.CaTrust;
import picocli.CommandLine.Option;

/**
 * Where the bus is and how the auditor logs in. Every setting has a default that works in the directory where
 * {@code ./ddrr up} runs, and the same environment variables as the rest of the bus point it at any other cluster.
 */
public final class ConnectionOptions {

    public static final String DEFAULT_PRINCIPAL = "auditor";
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: $KAFKA_BOOTSTRAP, else the bus the auditor's node home"
                    + " <data-dir>/nodes/<auditor> was made for, else 127.0.0.1:9092).")
    String bootstrap;

    @Option(
            names = "--password",
            paramLabel = "PASSWORD",
            description = "SCRAM password of the auditor (default: $KAFKA_PASSWORD, the file named by "
                    + "$KAFKA_CREDENTIALS_FILE, else the auditor's node home <data-dir>/nodes/<auditor>).")
    String password;

    @Option(
            names = "--principal",
            paramLabel = "USER",
            description = "Kafka user to log in as (default: the agreement's agency with the auditor role).")
    String principal;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "data",
            description =
                    "Data directory of ./ddrr up, whose nodes/<auditor>/ is the auditor's node home: its password and"
                            + " keys (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--keys-dir",
            paramLabel = "DIR",
            description = "Keys: directory.pub (the operator's directory key, to trust the key directory with) and "
                    + "private/ (the auditor's own key, to sign the access log) (default: the keys of the auditor's node"
                    + " home <data-dir>/nodes/<auditor>/keys).")
    Path keysDir;

    @Option(
            names = "--ca",
            paramLabel = "FILE",
            description = "The bus CA's certificate the broker's must be signed by (default: "
                    + "<data-dir>/operator/ca/ca.crt when it exists, else $KAFKA_SSL_TRUSTSTORE_*).")
    Path ca;

    @Option(
            names = "--agreement",
            paramLabel = "FILE",
            description = "Sharing agreement to judge by (default: " + AgreementLoader.OWNER_FILE + " when present, "
                    + "else the copy shipped with the bus).")
    Path agreement;

    @Option(
            names = "--as",
            paramLabel = "LOGIN",
            description = "Your staff login, recorded with every read (default: the operating-system user).")
    String user;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "15",
            description = "How long to wait for Kafka before giving up (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /**
     * The options for another bus on this machine whose data directory is {@code otherDataDir}: its auditor's node
     * home there gives the address, password and keys, and its CA; the agreement, staff login and timeout stay.
     */
    public ConnectionOptions forDataDir(Path otherDataDir) {
        ConnectionOptions other = new ConnectionOptions();
        other.dataDir = otherDataDir;
        other.agreement = agreement;
        other.user = user;
        other.timeoutSeconds = timeoutSeconds;
        return other;
    }

    public SharingAgreement agreement() {
        Path file = agreement != null ? agreement : Path.of(AgreementLoader.OWNER_FILE);
        try {
            if (agreement == null && !Files.isRegularFile(file)) {
                return AgreementLoader.loadDefault();
            }
            return AgreementLoader.load(file);
        } catch (AgreementException e) {
            throw AuditFailure.badInput("the agreement " + file + " is not valid: "
                    + e.problems().stream().findFirst().map(Object::toString).orElse(e.getMessage()));
        }
    }

    public Connection connection(SharingAgreement agreement) {
        if (timeoutSeconds < 1 || timeoutSeconds > 3600) {
            throw AuditFailure.badInput("--timeout must be between 1 and 3600 seconds, not " + timeoutSeconds);
        }
        String who = principal != null
                ? principal
                : agreement.agenciesWith(Role.AUDITOR).stream()
                        .map(Agency::id)
                        .findFirst()
                        .orElse(DEFAULT_PRINCIPAL);
        String login = user != null ? user : System.getProperty("user.name", "");
        if (!USER.matcher(login).matches()) {
            throw AuditFailure.badInput(
                    "--as must be a staff login of letters, digits and . _ @ - (at most 64), not '" + login + "'");
        }
        Path home = HomeLayout.homeIn(dataDir, who);
        String bootstrapServers = bootstrap != null
                ? bootstrap
                : KafkaEnvironment.env(KafkaEnvironment.BOOTSTRAP)
                        .or(() -> homeSetting(home, "bootstrap.servers"))
                        .orElse("127.0.0.1:9092");
        Optional<Path> trusted = Optional.ofNullable(ca)
                .or(() -> Optional.of(HomeLayout.caCertificateIn(dataDir)).filter(Files::isRegularFile));
        String protocol = KafkaEnvironment.env(KafkaEnvironment.SECURITY_PROTOCOL)
                .orElse(trusted.isPresent() ? "SASL_SSL" : "SASL_PLAINTEXT");
        Map<String, Object> tls;
        try {
            tls = trusted.map(CaTrust::settings).orElseGet(KafkaEnvironment::tlsTrust);
        } catch (StartRefused e) {
            throw AuditFailure.badInput(e.getMessage());
        }
        return new Connection(
                bootstrapServers,
                protocol,
                who,
                passwordOf(who),
                login,
                keysDir != null ? keysDir : home.resolve(HomeLayout.KEYS),
                Duration.ofSeconds(timeoutSeconds),
                tls);
    }

    private static Optional<String> homeSetting(Path home, String name) {
        try {
            return HomeLayout.nodeSetting(home, name);
        } catch (IOException e) {
            throw AuditFailure.badInput(
                    "cannot read " + home.resolve(HomeLayout.NODE_PROPERTIES) + ": " + e.getMessage());
        }
    }

    private String passwordOf(String who) {
        if (password != null) {
            if (password.isEmpty()) {
                // An empty SCRAM password is refused by the broker in a way clients report as a lost connection.
                throw AuditFailure.badInput("--password is empty");
            }
            return password;
        }
        Optional<String> fromEnvironment = KafkaEnvironment.env(KafkaEnvironment.PASSWORD)
                .or(() -> KafkaEnvironment.passwordFromCredentialsFile(who));
        if (fromEnvironment.isPresent()) {
            return fromEnvironment.get();
        }
        Path home = HomeLayout.homeIn(dataDir, who);
        try {
            Optional<String> fromHome = HomeLayout.password(home);
            if (fromHome.isPresent()) {
                return fromHome.get();
            }
        } catch (IOException e) {
            throw AuditFailure.badInput("cannot read the password in " + home + ": " + e.getMessage());
        }
        throw AuditFailure.badInput("no password for " + who + ": give --password, set KAFKA_PASSWORD, or run where "
                + home + " is its node home (./ddrr up makes it)");
    }
}
