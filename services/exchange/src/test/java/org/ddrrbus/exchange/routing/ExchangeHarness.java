package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.PersonState;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.exchange.subject.SubjectFileSerde;

/**
 * The exchange's topology on a {@link TopologyTestDriver}: real Avro, real signatures, no broker. Agencies publish
 * signed events to their outboxes; tests read what reached each inbox and the quarantine.
 */
final class ExchangeHarness implements AutoCloseable {

    final EventCodec codec;
    final SignatureVerifier verifier;
    private final Map<String, SigningKey> keys = new HashMap<>();
    private final TopologyTestDriver driver;
    private final Map<String, TestInputTopic<String, byte[]>> outboxes = new HashMap<>();
    private TestInputTopic<String, byte[]> arrivals;

    ExchangeHarness(SharingAgreement agreement, Path stateDir) {
        this(agreement, stateDir, subject -> {});
    }

    ExchangeHarness(SharingAgreement agreement, Path stateDir, Consumer<String> destroyKeysOf) {
        this(agreement, stateDir, destroyKeysOf, new EventCodec());
    }

    /** @param codec how the agencies and the exchange write and read, e.g. sealing under people's keys */
    ExchangeHarness(SharingAgreement agreement, Path stateDir, Consumer<String> destroyKeysOf, EventCodec codec) {
        this(agreement, stateDir, destroyKeysOf, (subject, recipient) -> {}, codec);
    }

    /** @param deliveredTo told of each agency a sealed event of a person is delivered to */
    ExchangeHarness(
            SharingAgreement agreement,
            Path stateDir,
            Consumer<String> destroyKeysOf,
            BiConsumer<String, String> deliveredTo,
            EventCodec codec) {
        this.codec = codec;
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "exchange-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Map<String, byte[]> ring = new HashMap<>();
        for (String principal : List.of("nctc", "iom", "cicc", "county", "exchange")) {
            SigningKey key = SigningKey.generate(principal);
            keys.put(principal, key);
            ring.put(key.keyId(), key.publicKey());
        }
        verifier = new SignatureVerifier(KeyRing.of(ring));
        SigningKey exchangeKey = keys.get("exchange");
        driver = new TopologyTestDriver(
                ExchangeTopology.build(
                        agreement,
                        codec,
                        verifier,
                        () -> exchangeKey,
                        Clock.systemUTC(),
                        1,
                        new UnwritableInputs(),
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                        destroyKeysOf,
                        deliveredTo),
                props);
    }

    /** Publishes a signed event as the agency would, and returns the record as written. */
    ProducerRecord<String, byte[]> send(String agency, SpecificRecord event) {
        return send(agency, signed(agency, codec.seal(Topics.outbox(agency), codec.envelope(agency, event))));
    }

    /** Publishes an event with the CloudEvents time the sender chose. */
    ProducerRecord<String, byte[]> sendDated(String agency, SpecificRecord event, Instant time) {
        Envelope now = codec.envelope(agency, event);
        Envelope dated =
                new Envelope(now.id(), now.sender(), time, now.subject(), now.event(), now.type(), now.schemaVersion());
        return send(agency, signed(agency, codec.seal(Topics.outbox(agency), dated)));
    }

    ProducerRecord<String, byte[]> signed(String signer, ProducerRecord<String, byte[]> record) {
        RecordSigner.sender(keys.get(signer)).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    /** Signed as a sender did before events were numbered: a valid signature, but no sequence number. */
    ProducerRecord<String, byte[]> signedWithoutSequence(String signer, ProducerRecord<String, byte[]> record) {
        RecordSigner.sender(keys.get(signer))
                .sign(List.of(new RecordSigner.Signable(
                        record.headers(), SignedContent.eventLeaf(record.headers(), record.value()))));
        return record;
    }

    ProducerRecord<String, byte[]> send(String outboxOwner, ProducerRecord<String, byte[]> record) {
        outboxes.computeIfAbsent(
                        outboxOwner,
                        a -> driver.createInputTopic(
                                Topics.outbox(a), new StringSerializer(), new ByteArraySerializer()))
                .pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), Instant.now()));
        return record;
    }

    /**
     * Writes {@code event} of agency {@code sender} of bus {@code bus} to {@link Topics#ARRIVALS}, as the federation
     * inlet does after delivering it here: this exchange's own event, saying where it came from.
     */
    void arrive(String bus, String sender, SpecificRecord event) {
        ProducerRecord<String, byte[]> record =
                signed("exchange", codec.seal(Topics.ARRIVALS, codec.envelope("exchange", event)));
        record.headers().add(FederationHeaders.FROM_BUS, bus.getBytes(StandardCharsets.UTF_8));
        record.headers().add(FederationHeaders.SENDER, sender.getBytes(StandardCharsets.UTF_8));
        if (arrivals == null) {
            arrivals = driver.createInputTopic(Topics.ARRIVALS, new StringSerializer(), new ByteArraySerializer());
        }
        arrivals.pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(), Instant.now()));
    }

    List<TestRecord<String, byte[]>> drain(String topic) {
        TestOutputTopic<String, byte[]> out =
                driver.createOutputTopic(topic, new StringDeserializer(), new ByteArrayDeserializer());
        return out.readRecordsToList();
    }

    List<SpecificRecord> inbox(String agency) {
        return drain(Topics.inbox(agency)).stream()
                .map(r -> open(Topics.inbox(agency), r))
                .toList();
    }

    /** The person's file as the exchange keeps it, opened with the keys the exchange's codec holds. */
    SubjectFile file(String subjectRef) {
        SubjectFile file = new PersonState<>(
                        driver.<String, byte[]>getKeyValueStore(ExchangeTopology.SUBJECTS),
                        ExchangeTopology.SUBJECTS,
                        new SubjectFileSerde(),
                        codec.cipher().map(SubjectCipher::keys).orElse(SubjectKeys.NONE))
                .get(subjectRef);
        return file == null ? SubjectFile.EMPTY : file;
    }

    /** The bytes the exchange keeps (and writes to the changelog) for the person's file; null when none. */
    byte[] storedFile(String subjectRef) {
        return driver.<String, byte[]>getKeyValueStore(ExchangeTopology.SUBJECTS)
                .get(subjectRef);
    }

    /**
     * Opens a delivered record, checking the sender's signature as its recipient would. The exchange's
     * countersignature is added by its producer, chunk by chunk, which this driver does not use: ExchangeIT checks it.
     */
    SpecificRecord open(String topic, TestRecord<String, byte[]> record) {
        Opened opened = codec.open(new RecordOrigin(topic, 0, 0, record.key()), record.headers(), record.value());
        assertThat(opened).as("record in " + topic).isInstanceOf(Opened.Valid.class);
        String sender = ((Opened.Valid) opened).envelope().sender();
        if (sender.equals("exchange")) {
            assertThat(verifier.checkEvent(record.headers(), record.value(), record.timestamp()))
                    .isInstanceOf(SignatureCheck.Valid.class);
        } else {
            assertThat(verifier.checkSenderOfDelivery(record.headers(), record.timestamp()))
                    .as("sender's signature")
                    .isEqualTo(new SignatureCheck.Valid(keys.get(sender).keyId(), sender));
        }
        return ((Opened.Valid) opened).envelope().event();
    }

    static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
