package org.ddrrbus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.provisioning.Credentials;

/**
 * A real, locked-down Kafka broker for tests, provisioned from the sharing agreement exactly as {@code ./ddrr up}
 * provisions it, with an operator's directory key and every principal's signing key registered in the key directory
 * through a request and its approval. One is shared by every test in a JVM; tests stay independent by using their own
 * subjectRefs, and a test that rotates or revokes keys starts a bus of its own.
 *
 * <p>The shared bus and {@link #start} listen with SASL_PLAINTEXT, so the many tests that hand a component only a
 * bootstrap address and a password keep working; {@link #startWithTls} gives a bus whose client listener is SASL_SSL
 * with a certificate from its own CA, as {@code ./ddrr up} runs it. {@link #clientProperties} and
 * {@link #busArguments} suit either.
 */
public final class TestBus implements AutoCloseable {

    private static TestBus shared;

    private final EmbeddedBroker broker;
    private final Credentials credentials;
    private final SharingAgreement agreement;
    private final Path dataDir;
    private final DirectoryKey directoryKey;
    private KeyDirectory directory;

    TestBus(
            EmbeddedBroker broker,
            Credentials credentials,
            SharingAgreement agreement,
            Path dataDir,
            DirectoryKey directoryKey) {
        this.broker = broker;
        this.credentials = credentials;
        this.agreement = agreement;
        this.dataDir = dataDir;
        this.directoryKey = directoryKey;
    }

    /** The broker shared by all tests of this JVM, started and provisioned on first use. */
    public static synchronized TestBus shared() {
        if (shared == null) {
            shared = start(AgreementLoader.loadDefault());
            TestBus bus = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(bus::close, "test-bus-shutdown"));
        }
        return shared;
    }

    /** A broker of its own, for tests that change what is provisioned. Close it when done. */
    public static TestBus start(SharingAgreement agreement) {
        return start(agreement, false);
    }

    /**
     * A broker of its own whose client listener speaks TLS (SASL_SSL) with a certificate signed by its own CA, in
     * {@code dataDir()/operator/ca}; clients trust {@link #caCertificate()}. Close it when done.
     */
    public static TestBus startWithTls(SharingAgreement agreement) {
        return start(agreement, true);
    }

    private static TestBus start(SharingAgreement agreement, boolean tls) {
        return BusSetup.start(agreement, tls);
    }

    public String bootstrapServers() {
        return broker.settings().bootstrapServers();
    }

    /** {@code SASL_SSL} for a bus from {@link #startWithTls}, {@code SASL_PLAINTEXT} otherwise. */
    public String securityProtocol() {
        return broker.settings().securityProtocol();
    }

    /** The CA certificate clients trust, for a bus from {@link #startWithTls}. */
    public Optional<Path> caCertificate() {
        return broker.caCertificate();
    }

    /** The {@code --ddrr.bus.*} arguments that connect a Spring component of the bus as {@code principal}. */
    public List<String> busArguments(String principal) {
        List<String> args = new ArrayList<>();
        args.add("--ddrr.bus.principal=" + principal);
        args.add("--ddrr.bus.bootstrap-servers=" + bootstrapServers());
        args.add("--ddrr.bus.security-protocol=" + securityProtocol());
        args.add("--ddrr.bus.password=" + passwordOf(principal));
        args.add("--ddrr.bus.keys-dir=" + keysDir().toAbsolutePath());
        caCertificate().ifPresent(ca -> args.add("--ddrr.bus.ca-certificate=" + ca.toAbsolutePath()));
        return args;
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    public Credentials credentials() {
        return credentials;
    }

    public SharingAgreement agreement() {
        return agreement;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * A keys folder as components are given one: {@code private/} with every principal's private keys (a test plays
     * every partner) and {@code directory.pub}, the operator's directory key.
     */
    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /** A principal's own private keys. */
    public PrivateKeys privateKeys(String principal) {
        return PrivateKeys.at(keysDir().resolve("private"), principal);
    }

    /** The key a principal signs with now, as its node would choose it from the key directory. */
    public SigningKey signingKey(String principal) {
        return signingKeys(principal).current();
    }

    public SigningKeys signingKeys(String principal) {
        return new SigningKeys(privateKeys(principal), keyDirectory(), Clock.systemUTC());
    }

    /** The operator's directory key, which signs every statement of the key directory. */
    public DirectoryKey directoryKey() {
        return directoryKey;
    }

    /** The key directory as the operator reads it, followed for as long as the bus runs. */
    public synchronized KeyDirectory keyDirectory() {
        if (directory == null) {
            directory =
                    KeyDirectory.follow(broker.adminClientProperties(), directoryKey.anchor(), Duration.ofSeconds(30));
        }
        return directory;
    }

    /** The operator's writer of the key directory; close it when done. */
    public KeyRegistrar registrar() {
        return KeyRegistrar.connect(
                broker.adminClientProperties(),
                directoryKey,
                KeyRegistrar.principalsOf(agreement),
                Clock.systemUTC(),
                Duration.ofSeconds(30));
    }

    public SignatureVerifier verifier() {
        return new SignatureVerifier(keyDirectory());
    }

    /** Publishes events to the agency's outbox as the agency would: sealed, signed, acknowledged by all replicas. */
    public List<ProducerRecord<String, byte[]>> publish(String agency, SpecificRecord... events) {
        return Clients.publish(() -> producer(agency), signingKey(agency), agency, events);
    }

    public String passwordOf(String principal) {
        return credentials.passwordFor(principal);
    }

    public Admin admin() {
        return Admin.create(broker.adminClientProperties());
    }

    /** Client properties that log in as a principal with its provisioned password. */
    public Map<String, Object> clientProperties(String principal) {
        return clientProperties(principal, credentials.passwordFor(principal));
    }

    public Map<String, Object> clientProperties(String principal, String password) {
        Map<String, Object> props = new HashMap<>(broker.clientTrust());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol());
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, password));
        return props;
    }

    /** A producer that writes as the principal, acks=all and idempotent. */
    public KafkaProducer<String, byte[]> producer(String principal) {
        return producer(clientProperties(principal));
    }

    public static KafkaProducer<String, byte[]> producer(Map<String, Object> base) {
        return Clients.producer(base);
    }

    /** A consumer that assigns partitions itself (no group), reading committed records only. */
    public KafkaConsumer<String, byte[]> consumer(String principal) {
        return consumer(clientProperties(principal));
    }

    public static KafkaConsumer<String, byte[]> consumer(Map<String, Object> base) {
        return Clients.consumer(base);
    }

    /** Every committed record of a topic, from the beginning to its end now, read as the principal. */
    public List<ConsumerRecord<String, byte[]>> readAll(String principal, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(principal)) {
            return readAll(consumer, topic);
        }
    }

    public static List<ConsumerRecord<String, byte[]>> readAll(KafkaConsumer<String, byte[]> consumer, String topic) {
        return Clients.readAll(consumer, topic);
    }

    /** Waits until the topic holds records matching the predicate, and returns those. */
    public List<ConsumerRecord<String, byte[]>> awaitRecords(
            String principal, String topic, Predicate<ConsumerRecord<String, byte[]>> matching, int atLeast) {
        return Clients.awaitRecords(() -> readAll(principal, topic), topic, matching, atLeast);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (directory != null) {
                directory.close();
            }
        }
        broker.close();
        try {
            // A test's bus is thrown away with the test: left behind, each one keeps tens of megabytes in /tmp.
            Utils.delete(dataDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the test bus's folder " + dataDir, e);
        }
    }
}
