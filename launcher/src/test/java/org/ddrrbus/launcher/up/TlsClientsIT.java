package org.ddrrbus.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.broker.tls.CertificateAuthority;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.launcher.Ddrr;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every client the launcher makes trusts the bus CA: the client file {@code ./ddrr up} writes for an agency lets
 * Kafka's own console consumer read that agency's inbox over TLS, and a command given another CA says so in one line.
 */
class TlsClientsIT {

    private static TestBus bus;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        bus = TestBus.startWithTls(AgreementLoader.loadDefault());
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    @Test
    void kafkasConsoleConsumerReadsTheAgencysInboxWithItsClientFileOverTls() throws Exception {
        Connection connection = new Connection(
                bus.bootstrapServers(),
                bus.securityProtocol(),
                bus.credentials(),
                Optional.empty(),
                bus.keysDir(),
                bus.caCertificate());
        Path clients = dir.resolve("clients");
        // The client file a node home holds (client.properties), here for iom.
        connection.clientFile("iom").write(clients.resolve("iom.properties"));
        // Delivered as the exchange delivers: into the inbox, which only the operator and the exchange write.
        try (KafkaProducer<String, byte[]> producer =
                TestBus.producer(bus.broker().adminClientProperties())) {
            producer.send(new ProducerRecord<>(
                            Topics.inbox("iom"), "KE-TLS-1", "delivered over TLS".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }

        Path file = clients.resolve("iom.properties");
        assertThat(file).content().contains("security.protocol=SASL_SSL", "ssl.truststore.type=PEM");
        Run consumer = java(
                "org.apache.kafka.tools.consumer.ConsoleConsumer",
                "--bootstrap-server",
                bus.bootstrapServers(),
                "--consumer.config",
                file.toString(),
                "--topic",
                Topics.inbox("iom"),
                "--from-beginning",
                "--max-messages",
                "1",
                "--timeout-ms",
                "60000");

        assertThat(consumer.exit()).as(consumer.output()).isZero();
        assertThat(consumer.output()).contains("delivered over TLS");
    }

    @Test
    void anOperatorCommandTrustingAnotherCaSaysSoInOneLine() throws Exception {
        Path data = operatorFolder();
        Path otherCa = BrokerTls.prepare(dir.resolve("elsewhere"), "127.0.0.1", Clock.systemUTC())
                .caCertificate();

        Result trusted = ddrr(
                "keys",
                "list",
                "--data",
                data.toString(),
                "--bootstrap",
                bus.bootstrapServers(),
                "--ca",
                bus.caCertificate().orElseThrow().toString(),
                "--directory-key",
                directoryKey().toString());
        Result other = ddrr(
                "keys",
                "list",
                "--data",
                data.toString(),
                "--bootstrap",
                bus.bootstrapServers(),
                "--ca",
                otherCa.toString(),
                "--directory-key",
                directoryKey().toString());

        assertThat(trusted.exit()).as(trusted.err()).isZero();
        assertThat(trusted.out()).contains("iom/");
        assertThat(other.exit()).isEqualTo(1);
        assertThat(other.err().strip())
                .isEqualTo("ddrr: cannot connect to Kafka at " + bus.bootstrapServers()
                        + ": the broker's certificate is not signed by the CA in " + otherCa);
    }

    @Test
    void theAuditorTrustingAnotherCaSaysSoInOneLine() throws Exception {
        Path otherCa = BrokerTls.prepare(dir.resolve("audit-elsewhere"), "127.0.0.1", Clock.systemUTC())
                .caCertificate();

        Result run = ddrr(
                "audit",
                "verify",
                "--all",
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--ca",
                otherCa.toString(),
                "--timeout",
                "15");

        assertThat(run.exit()).isNotZero();
        assertThat(run.err().strip().lines().toList())
                .singleElement()
                .asString()
                .endsWith("cannot connect to Kafka at " + bus.bootstrapServers()
                        + ": the broker's certificate is not signed by the CA in " + otherCa.toAbsolutePath());
    }

    @Test
    void aComponentTrustingAnotherCaRefusesToStartWithOneLine() throws Exception {
        Path otherCa = BrokerTls.prepare(dir.resolve("component-elsewhere"), "127.0.0.1", Clock.systemUTC())
                .caCertificate();
        List<String> args = new ArrayList<>(bus.busArguments("exchange"));
        args.removeIf(arg -> arg.startsWith("--ddrr.bus.ca-certificate="));
        args.add("--ddrr.bus.ca-certificate=" + otherCa);
        args.add("--ddrr.exchange.state-dir=" + dir.resolve("exchange-state"));
        args.add("--spring.main.log-startup-info=false");
        args.add("--server.tomcat.basedir=" + dir.resolve("exchange-tomcat"));

        Throwable failure = null;
        try (var started = ExchangeApplication.application().run(args.toArray(String[]::new))) {
            // Started: the assertion below says so.
        } catch (RuntimeException e) {
            failure = e;
        }

        assertThat(failure).as("the exchange refuses to start").isNotNull();
        List<String> refusals = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartRefused refused) {
                refusals.add(refused.getMessage());
            }
        }
        assertThat(refusals)
                .first()
                .isEqualTo("cannot connect to Kafka at " + bus.bootstrapServers()
                        + ": the broker's certificate is not signed by the CA in " + otherCa.toAbsolutePath());
    }

    @Test
    void upWithACaKeyItCannotReadSaysSoInOneLine() throws Exception {
        Path data = dir.resolve("broken-ca");
        Path ca = BrokerTls.caFolder(data);
        Files.createDirectories(ca);
        Files.copy(bus.caCertificate().orElseThrow(), ca.resolve(CertificateAuthority.CERTIFICATE_FILE));
        Files.writeString(ca.resolve(CertificateAuthority.KEY_FILE), "garbage\n");

        Result up = ddrr("up", "--data", data.toString(), "--free-ports");

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err().strip())
                .isEqualTo("ddrr: the bus CA key " + ca.resolve(CertificateAuthority.KEY_FILE)
                        + " holds no private key in PEM (PKCS#8): restore it from a backup");
    }

    @Test
    void upRefusesAKafkaHostThatIsNoHostInOneLine() {
        Result up = ddrr("up", "--data", dir.resolve("bad-host").toString(), "--free-ports", "--kafka-host", "a b");

        assertThat(up.exit()).isEqualTo(1);
        assertThat(up.err().strip()).isEqualTo("ddrr: the Kafka host must be a host name or an IP address, not 'a b'");
    }

    /** A data folder as the operator's commands read it: the admin's password. */
    private static Path operatorFolder() throws IOException {
        Path data = dir.resolve("operator-data");
        Files.createDirectories(data.resolve("kafka"));
        Files.createDirectories(data.resolve("operator"));
        Files.writeString(
                data.resolve("operator").resolve("credentials.properties"),
                "admin=" + bus.broker().settings().adminPassword() + "\n");
        return data;
    }

    private static Path directoryKey() {
        return bus.dataDir().resolve("operator").resolve("directory.key");
    }

    record Result(int exit, String out, String err) {}

    private static Result ddrr(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }

    record Run(int exit, String output) {}

    /** A class's main in a JVM of its own, on this test's classpath, as a partner would run Kafka's tools. */
    private static Run java(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(mainClass);
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "run", ".out");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("still running after 2 minutes: " + Files.readString(output));
        }
        return new Run(process.exitValue(), Files.readString(output));
    }
}
