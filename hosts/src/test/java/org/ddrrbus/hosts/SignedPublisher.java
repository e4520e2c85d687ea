package org.ddrrbus.hosts;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.RiskLevel;

/**
 * One event published from a partner's host the way a node would, but signed with whatever key lies at hand: what an
 * insider with a stolen or revoked key can do. Run on a host as its own JVM:
 *
 * <pre>SignedPublisher CLIENT-PROPERTIES KEYS-FOLDER SIGNER SENDER OUTBOX-OWNER</pre>
 *
 * logs in to Kafka with the client settings of a node home, signs with the (only) key of {@code SIGNER} in
 * {@code KEYS-FOLDER}, names {@code SENDER} in the envelope and writes to {@code OUTBOX-OWNER}'s outbox. Prints
 * {@code published <event id>}, or {@code refused by the broker: <reason>} and exits with 3.
 */
public final class SignedPublisher {

    static final String PUBLISHED = "published ";
    static final String REFUSED = "refused by the broker: ";

    private SignedPublisher() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties client = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            client.load(in);
        }
        client.remove("group.id");
        client.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        client.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        client.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        SigningKey key = PrivateKeys.at(Path.of(args[1]), args[2]).keys().get(0);
        String sender = args[3];
        EventCodec codec = new EventCodec();
        ProducerRecord<String, byte[]> record =
                codec.seal(Topics.outbox(args[4]), codec.envelope(sender, event(sender)));
        RecordSigner.sender(key).signEvents(List.of(record.headers()), List.of(record.value()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client)) {
            producer.send(record).get();
        } catch (ExecutionException e) {
            System.out.println(REFUSED + e.getCause().getMessage());
            System.exit(3);
        } catch (KafkaException e) {
            System.out.println(REFUSED + e.getMessage());
            System.exit(3);
        }
        System.out.println(PUBLISHED
                + new String(record.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
    }

    /** Something the named sender is allowed to say, so that only the signature can be wrong. */
    private static SpecificRecord event(String sender) {
        if (sender.equals("iom")) {
            return new BorderReturnRecorded("KE-FORG-0001", "Mandera", null, null, LocalDate.now());
        }
        return new CommunityRiskAssessed(
                "Kwale", "Msambweni", RiskLevel.HIGH, List.of(CommunityRiskFactor.SERVICE_GAPS), LocalDate.now());
    }
}
