package org.ddrrbus.hosts.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;

/**
 * A partner answering nctc's referrals at a steady rate, from its own host, as its node publishes: signed, acks=all,
 * idempotent, a long delivery timeout (it waits out a broker's failure rather than give up on an event).
 *
 * <pre>SteadySender CLUSTER-FILE AGENCY PER-SECOND OUT-FOLDER</pre>
 *
 * <p>Its subjectRefs are {@code KE-<random tag>-00NN}; the prefix is written to {@code OUT-FOLDER/prefix} first.
 * <p>Each event's id is {@code STEADY-<8-digit sequence>-<uuid>}, so the order of one person's events can be checked at
 * the inbox. Every acknowledgement is appended to {@code OUT-FOLDER/acknowledged} as {@code <epoch ms> <event id>
 * <subjectRef>}. When the file {@code OUT-FOLDER/stop} appears it stops, waits for every send to be acknowledged or to
 * fail, and writes {@code OUT-FOLDER/done}: {@code sent <n> acknowledged <n> failed <n>}.
 */
public final class SteadySender {

    static final String ACKNOWLEDGED = "acknowledged";
    static final String STOP = "stop";
    static final String DONE = "done";
    static final String PREFIX = "prefix";
    static final String ID_PREFIX = "STEADY-";
    static final int SUBJECTS = 40;

    private SteadySender() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        String agency = args[1];
        int perSecond = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        Files.createDirectories(out);
        String prefix = "KE-" + randomTag() + "-";
        Files.writeString(out.resolve(PREFIX), prefix);

        Map<String, Object> props = new HashMap<>(cluster.client(agency));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 120_000);
        RecordSigner signer = RecordSigner.sender(
                PrivateKeys.at(cluster.keys().resolve("private"), agency).ensureOne());
        EventCodec codec = new EventCodec();
        Queue<String> acks = new ConcurrentLinkedQueue<>();
        AtomicLong failed = new AtomicLong();
        long sequence = 0;
        try (KafkaProducer<String, byte[]> producer =
                        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
                BufferedWriter acknowledged =
                        Files.newBufferedWriter(out.resolve(ACKNOWLEDGED), StandardCharsets.UTF_8)) {
            long started = System.nanoTime();
            long lastFlush = 0;
            while (!Files.exists(out.resolve(STOP))) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond);
                while (sequence < due) {
                    long seq = sequence++;
                    String subject = prefix + String.format("%04d", seq % SUBJECTS);
                    Envelope drawn = codec.envelope(
                            agency,
                            new SupportDelivered(subject, null, "nctc", ServiceKind.LIVELIHOOD, LocalDate.now()));
                    String id = String.format(ID_PREFIX + "%08d-", seq) + drawn.id();
                    ProducerRecord<String, byte[]> record = codec.seal(
                            Topics.outbox(agency),
                            new Envelope(
                                    id,
                                    drawn.sender(),
                                    drawn.time(),
                                    drawn.subject(),
                                    drawn.event(),
                                    drawn.type(),
                                    drawn.schemaVersion()));
                    signer.signEvents(List.of(record.headers()), List.of(record.value()));
                    producer.send(record, (metadata, exception) -> {
                        if (exception == null) {
                            acks.add(System.currentTimeMillis() + " " + id + " " + subject);
                        } else {
                            failed.incrementAndGet();
                            System.out.println("refused " + id + ": " + exception);
                        }
                    });
                }
                if (System.nanoTime() - lastFlush > 100_000_000L) {
                    drain(acks, acknowledged);
                    lastFlush = System.nanoTime();
                }
                Thread.sleep(2);
            }
            producer.flush();
            drain(acks, acknowledged);
        }
        long acked = Files.readAllLines(out.resolve(ACKNOWLEDGED)).size();
        Files.writeString(
                out.resolve(DONE), "sent " + sequence + " acknowledged " + acked + " failed " + failed.get() + "\n");
        System.out.println("done: sent " + sequence + ", acknowledged " + acked + ", failed " + failed.get());
    }

    private static void drain(Queue<String> acks, BufferedWriter file) throws IOException {
        String line;
        while ((line = acks.poll()) != null) {
            file.write(line);
            file.newLine();
        }
        file.flush();
    }

    private static String randomTag() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder tag = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            tag.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return tag.toString();
    }
}
