package org.ddrrbus.launcher.federation;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.ddrrbus.exchange.system.ExchangeProperties;
import org.ddrrbus.federation.link.CrossingKeyServer;
import org.ddrrbus.federation.run.BusEnd;
import org.ddrrbus.federation.story.CrossBorderStory;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.Workspace;

/**
 * A national bus that {@code ./ddrr up} runs on this machine, found from its data folder: its address and CA, its
 * operator's password, and the node homes of its exchange and partners (their passwords and keys). Closing it stops
 * following its key directory.
 */
public final class LocalBus implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String country;
    private final Workspace workspace;
    private final Map<String, Object> connection = new HashMap<>();
    private final KeyDirectory directory;
    private final NodeHome exchange;

    private LocalBus(String country, Workspace workspace, KeyDirectory directory, NodeHome exchange) {
        this.country = country;
        this.workspace = workspace;
        this.directory = directory;
        this.exchange = exchange;
    }

    /** The bus of {@code country} whose data folder is {@code data}; it must be running. */
    public static LocalBus open(String country, Path data) {
        Workspace workspace = new Workspace(data);
        BusAddress address = BusAddress.read(workspace.busFile())
                .orElseThrow(() -> new IllegalStateException("no bus of " + country + " in " + data + ": start it first"
                        + " with ./ddrr up" + ("ke".equals(country) ? "" : " --country " + country)));
        NodeHome exchange = new NodeHome(workspace.home(Components.EXCHANGE));
        if (!exchange.exists()) {
            throw new IllegalStateException("no node home of the exchange in " + data + ": start the bus of " + country
                    + " once with ./ddrr up");
        }
        Map<String, Object> base = new HashMap<>();
        base.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, address.bootstrapServers());
        base.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, address.securityProtocol());
        workspace.caCertificateIfAny().ifPresent(ca -> base.putAll(CaTrust.settings(ca)));
        Map<String, Object> exchangeClient = new HashMap<>(base);
        exchangeClient.putAll(SaslLogin.settings(SaslLogin.SCRAM, Components.EXCHANGE, exchange.password()));
        KeyDirectory directory = KeyDirectory.follow(
                exchangeClient, DirectoryAnchor.read(exchange.keysDir().resolve(DirectoryAnchor.FILE_NAME)), TIMEOUT);
        LocalBus bus = new LocalBus(country, workspace, directory, exchange);
        bus.connection.putAll(base);
        return bus;
    }

    public String country() {
        return country;
    }

    Path data() {
        return workspace.dataDir();
    }

    /** The sharing agreement the bus runs with: the copy in its exchange's node home. */
    SharingAgreement agreement() {
        Path file = exchange.agreementFile();
        return Files.isRegularFile(file) ? AgreementLoader.load(file) : AgreementLoader.loadDefault();
    }

    KeyDirectory directory() {
        return directory;
    }

    /** The operator's folder in the bus's data folder. */
    Path operatorDir() {
        return workspace.operatorDir();
    }

    /** How a client reaches the bus (its address and TLS trust), without a login. */
    Map<String, Object> address() {
        return Map.copyOf(connection);
    }

    /** Client settings that log in as {@code principal} with {@code password}. */
    Map<String, Object> login(String principal, String password) {
        Map<String, Object> props = new HashMap<>(connection);
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, password));
        return props;
    }

    Map<String, Object> admin() {
        return login("admin", workspace.credentials().passwordFor("admin"));
    }

    /**
     * The bus as the federation link needs it: the operator, and the exchange with its key, its people's keys (the
     * exchange's own store, in its node home) and its federation key pair; and where the agreement lists its key holder
     * for the linked bus at an {@code https:} address, a certificate of the bus CA for that address, issued afresh into
     * the exchange's node home as the broker's is at every start.
     */
    BusEnd end(Optional<URI> keyHolder) {
        Optional<Path> certificate = keyHolder
                .filter(address -> "https".equals(address.getScheme()))
                .map(address -> BrokerTls.prepareKeyHolder(
                        workspace.dataDir(),
                        address.getHost(),
                        workspace.home(Components.EXCHANGE).resolve(CrossingKeyServer.CERTIFICATE_FILE),
                        Clock.systemUTC()));
        return new BusEnd(
                country,
                agreement(),
                admin(),
                login(Components.EXCHANGE, exchange.password()),
                new SigningKeys(exchange.privateKeys(), directory, Clock.systemUTC()),
                new SignatureVerifier(directory),
                this::login,
                subjectKeys(),
                sealing(),
                certificate);
    }

    /** The people's data keys of the bus, where its exchange keeps them (beside its state, in its node home). */
    SubjectKeyStore subjectKeys() {
        return new SubjectKeyStore(ExchangeProperties.subjectKeysBeside(exchange.stateDir()), Clock.systemUTC());
    }

    /** The exchange's federation key pair, made in its node home at first use. */
    FederationSeal.KeyPair sealing() {
        return FederationSeal.keyPair(sealingKeyFile());
    }

    /** Where the exchange keeps its federation key pair (docs/federation.md, "Rotating the federation key"). */
    Path sealingKeyFile() {
        return exchange.federationSealingKey();
    }

    /**
     * The bus as the cross-border story plays it: each agency publishes with its own node home's password and key,
     * and the operator reads the inboxes. It answers no referral: the demo does that on the partner services.
     */
    public CrossBorderStory.Side side() {
        return new CrossBorderStory.Side() {
            @Override
            public String country() {
                return country;
            }

            @Override
            public String publish(String agency, SpecificRecord event) {
                return LocalBus.this.publish(agency, event);
            }

            @Override
            public List<ConsumerRecord<String, byte[]>> read(String topic) {
                return LocalBus.this.read(topic);
            }

            @Override
            public CrossBorderStory.Answered answer(String agency, String referralId, String action, String body) {
                throw new UnsupportedOperationException("the services of bus " + country + " are not reached here");
            }
        };
    }

    private String publish(String agency, SpecificRecord event) {
        NodeHome home = new NodeHome(workspace.home(agency));
        if (!home.exists()) {
            throw new IllegalStateException("no node home of " + agency + " in " + workspace.dataDir());
        }
        // As the agency's node seals on a sealing bus, under the person's key; the demo, run by the operator of this
        // machine, takes it from the exchange's store directly rather than over the key holder's HTTPS.
        EventCodec codec = new EventCodec().sealingWith(SubjectCipher.of(subjectKeys(), agreement()));
        ProducerRecord<String, byte[]> record = codec.seal(Topics.outbox(agency), codec.envelope(agency, event));
        RecordSigner.sender(new SigningKeys(home.privateKeys(), directory, Clock.systemUTC()))
                .signEvents(List.of(record.headers()), List.of(record.value()));
        Map<String, Object> props = login(agency, home.password());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("could not publish as " + agency + " on bus " + country + ": "
                    + e.getCause().getMessage());
        }
        return HeaderText.of(record.headers(), CloudEventHeaders.ID).orElseThrow();
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        Map<String, Object> props = admin();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    @Override
    public void close() {
        directory.close();
    }
}
