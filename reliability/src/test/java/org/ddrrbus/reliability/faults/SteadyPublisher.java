package org.ddrrbus.reliability.faults;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;

/**
 * iom answering referrals at a steady rate, as a real agency would publish: signed, acks=all, idempotent. Every
 * event's referral id carries its sequence number, so the order of one person's events can be checked at the inbox.
 * Only events the broker acknowledged count as published.
 */
final class SteadyPublisher implements AutoCloseable {

    static final int SUBJECTS = 40;

    private final String run = randomTag();
    private final KafkaProducer<String, byte[]> producer;
    private final RecordSigner signer;
    private final EventCodec codec = new EventCodec();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private long sequence;

    SteadyPublisher(Map<String, Object> client, SigningKey iomKey, int perSecond) {
        Map<String, Object> props = new java.util.HashMap<>(client);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Rather wait out a broker's failure than give up on an event.
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.signer = RecordSigner.sender(iomKey);
        this.thread = new Thread(() -> publish(perSecond), "steady-publisher");
        thread.start();
    }

    /** Case codes of this run: {@code KE-<run>-00NN}. */
    String subjectPrefix() {
        return "KE-" + run + "-";
    }

    private void publish(int perSecond) {
        long started = System.nanoTime();
        while (running.get()) {
            long due = (long) ((System.nanoTime() - started) / 1e9 * perSecond);
            if (sequence >= due) {
                sleep(2);
                continue;
            }
            long seq = sequence++;
            String subject = subjectPrefix() + String.format("%04d", seq % SUBJECTS);
            // A report addressed to nctc under no referral, so no referral need be issued first; the sequence
            // travels in the event id, where InboxAccount reads it.
            Envelope drawn = codec.envelope(
                    "iom", new SupportDelivered(subject, null, "nctc", ServiceKind.LIVELIHOOD, LocalDate.now()));
            ProducerRecord<String, byte[]> record = codec.seal(
                    Topics.outbox("iom"),
                    new Envelope(
                            String.format("STEADY-%08d-", seq) + drawn.id(),
                            drawn.sender(),
                            drawn.time(),
                            drawn.subject(),
                            drawn.event(),
                            drawn.type(),
                            drawn.schemaVersion()));
            signer.signEvents(List.of(record.headers()), List.of(record.value()));
            String id = new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
            producer.send(record, (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.add(id);
                } else {
                    failed.incrementAndGet();
                }
            });
        }
    }

    /** Stops publishing and waits for every send to be acknowledged or to fail. */
    Set<String> stop() throws InterruptedException {
        running.set(false);
        thread.join();
        producer.flush();
        return Set.copyOf(acknowledged);
    }

    long sent() {
        return sequence;
    }

    long failed() {
        return failed.get();
    }

    int acknowledgedSoFar() {
        return acknowledged.size();
    }

    /**
     * Waits until {@code more} events beyond those acknowledged now are acknowledged: the phases of a fault test are
     * measured in events the brokers took, not in seconds, so a slow machine only makes the test slower.
     */
    void awaitMoreAcknowledged(int more, String phase) {
        int target = acknowledgedSoFar() + more;
        Awaitility.await(phase + ": " + more + " more events acknowledged")
                .atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> acknowledgedSoFar() >= target);
    }

    @Override
    public void close() {
        running.set(false);
        producer.close();
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
