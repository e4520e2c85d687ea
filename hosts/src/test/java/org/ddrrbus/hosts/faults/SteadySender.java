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
import org.apache.avro.specific.SpecificRecord;
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
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;

/**
 * A partner answering nctc's referrals at a steady rate, from its own host, as its node publishes: signed, acks=all,
 * idempotent, a long delivery timeout (it waits out a broker's failure rather than give up on an event).
 *
 * <pre>SteadySender CLUSTER-FILE AGENCY PER-SECOND OUT-FOLDER [soak]</pre>
 *
 * <p>It starts, connects and prints {@value #READY}, then waits for the file {@code OUT-FOLDER/go} before it sends: a
 * run starts its senders and its tally side by side, and lets the senders go once the tally reads.
 * <p>Its subjectRefs are {@code KE-<random tag>-00NN}; the prefix is written to {@code OUT-FOLDER/prefix} first.
 * <p>Each event's id is {@code STEADY-<8-digit sequence>-<uuid>}, so the order of one person's events can be checked at
 * the inbox. Every acknowledgement is appended to {@code OUT-FOLDER/acknowledged} as {@code <epoch ms> <event id>
 * <subjectRef>}. When the file {@code OUT-FOLDER/stop} appears it stops, waits for every send to be acknowledged or to
 * fail, and writes {@code OUT-FOLDER/done}: {@code sent <n> acknowledged <n> failed <n>}.
 *
 * <p>With {@code soak} it sends a mix ({@link Kind}): besides reports to nctc, iom records a border return every fifth
 * event (the agreement sends it to nctc and county), and every fiftieth event names a recipient the agreement does not
 * allow, which the exchange must refuse and quarantine. Each acknowledgement line then ends with the kind's letter.
 */
public final class SteadySender {

    static final String ACKNOWLEDGED = "acknowledged";
    static final String STOP = "stop";
    static final String DONE = "done";
    static final String PREFIX = "prefix";
    static final String GO = "go";
    static final String READY = "ready to send";
    static final String ID_PREFIX = "STEADY-";
    static final int SUBJECTS = 40;

    /** What a soak event is, and so where it must end up. */
    enum Kind {
        /** A report on support, addressed to nctc. */
        REPORT("S"),
        /** A border return: to every recipient the agreement names for it. */
        BORDER_RETURN("B"),
        /** A report addressed to an agency the agreement does not let receive it: refused and quarantined. */
        REFUSED("R");

        final String letter;

        Kind(String letter) {
            this.letter = letter;
        }

        static Kind of(String letter) {
            for (Kind kind : values()) {
                if (kind.letter.equals(letter)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("no kind " + letter);
        }

        static Kind at(String agency, long sequence) {
            if (sequence % 50 == 49) {
                return REFUSED;
            }
            return "iom".equals(agency) && sequence % 5 == 2 ? BORDER_RETURN : REPORT;
        }
    }

    /** The agency a refused soak event names: the agreement lets it receive no reports. */
    static final String NOT_A_RECIPIENT = "cicc";

    private SteadySender() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        String agency = args[1];
        int perSecond = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        boolean soak = args.length > 4 && "soak".equals(args[4]);
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
            // Connected and signed in before the run begins: its first events are not held by the sender's own start.
            producer.partitionsFor(Topics.outbox(agency));
            System.out.println(READY);
            System.out.flush();
            while (!Files.exists(out.resolve(GO))) {
                Thread.sleep(20);
            }
            long started = System.nanoTime();
            long lastFlush = 0;
            while (!Files.exists(out.resolve(STOP))) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond);
                while (sequence < due) {
                    long seq = sequence++;
                    String subject = prefix + String.format("%04d", seq % SUBJECTS);
                    Kind kind = soak ? Kind.at(agency, seq) : Kind.REPORT;
                    Envelope drawn = codec.envelope(agency, event(kind, subject));
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
                            acks.add(System.currentTimeMillis() + " " + id + " " + subject + " " + kind.letter);
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

    private static SpecificRecord event(Kind kind, String subject) {
        return switch (kind) {
            case REPORT -> new SupportDelivered(subject, null, "nctc", ServiceKind.LIVELIHOOD, LocalDate.now());
            case BORDER_RETURN -> new BorderReturnRecorded(subject, "Kwale", null, "SO", LocalDate.now());
            case REFUSED ->
                new SupportDelivered(subject, null, NOT_A_RECIPIENT, ServiceKind.LIVELIHOOD, LocalDate.now());
        };
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
