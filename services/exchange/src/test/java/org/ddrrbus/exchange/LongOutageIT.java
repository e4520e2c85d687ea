package org.ddrrbus.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the exchange, and a partner's node, away for longer than the replay window once was (7 days). A field
 * office that publishes after a week offline is normal, not an attack: its genuine backlog is delivered, nothing
 * genuine is refused as {@code REPLAYED}, and a true replay still is, before and after the exchange restarts.
 *
 * <p>The clocks are simulated: iom's backlog is dated when its node made it offline, 8 days before it reaches the bus,
 * and the exchange returns on a clock 8 days ahead, so by its clock the backlog is 16 days old.
 */
class LongOutageIT {

    private static final Duration AWAY = Duration.ofDays(8);

    private final TestBus bus = TestBus.shared();
    private final EventCodec codec = new EventCodec();
    /** Case codes of this run, so the shared bus's other records never count here. */
    private final String prefix = "KE-"
            + UUID.randomUUID().toString().replace("-", "").substring(0, 4).toUpperCase() + "-";

    @Test
    void aBacklogOlderThanAWeekIsDeliveredAndOnlyTrueReplaysAreRefused() throws Exception {
        List<ProducerRecord<String, byte[]>> before;
        try (RunningExchange exchange = RunningExchange.start(bus)) {
            before = publish(0, 10, Instant.now());
            awaitDelivered(before);
            exchange.awaitLagZero();
        }

        // The exchange is down; iom's node comes back from a week offline and sends what it made then, in the order
        // it made it, and an attacker with iom's access re-sends an event the exchange already delivered.
        Instant madeOffline = Instant.now().minus(AWAY);
        List<ProducerRecord<String, byte[]>> backlog = publish(10, 30, madeOffline);
        ProducerRecord<String, byte[]> replay = resend(before.get(3));

        Clock returned = Clock.offset(Clock.systemUTC(), AWAY);
        try (RunningExchange exchange = RunningExchange.start(bus, returned)) {
            exchange.awaitLagZero();
            List<ConsumerRecord<String, byte[]>> delivered = awaitDelivered(backlog);
            assertThat(ids(delivered))
                    .as("the whole backlog, each once")
                    .containsExactlyInAnyOrderElementsOf(ids(backlog));
            assertThat(refusals())
                    .as("only the replay is refused")
                    .singleElement()
                    .satisfies(q -> {
                        assertThat(QuarantinedRecord.from(q).reason()).isEqualTo("REPLAYED");
                        assertThat(ids(List.of(q))).isEqualTo(ids(List.of(replay)));
                    });
        }

        // Its state outlives a restart: a replay of the backlog is still refused, and a new event still flows.
        try (RunningExchange exchange = RunningExchange.start(bus, returned)) {
            resend(backlog.get(29));
            List<ProducerRecord<String, byte[]>> next = publish(40, 1, Instant.now());
            awaitDelivered(next);
            exchange.awaitLagZero();
            assertThat(refusals())
                    .hasSize(2)
                    .allSatisfy(
                            q -> assertThat(QuarantinedRecord.from(q).reason()).isEqualTo("REPLAYED"));
            assertThat(delivered(ids(before), ids(backlog), ids(next)))
                    .as("every genuine event delivered exactly once")
                    .hasSize(before.size() + backlog.size() + next.size())
                    .doesNotHaveDuplicates();
        }
    }

    /** Events of iom to nctc, made at {@code madeAt}, signed and sent in order as iom's node does. */
    private List<ProducerRecord<String, byte[]>> publish(int from, int count, Instant madeAt)
            throws ExecutionException, InterruptedException {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Envelope drawn = codec.envelope(
                    "iom",
                    new SupportDelivered(
                            prefix + String.format("%04d", i),
                            null,
                            "nctc",
                            ServiceKind.LIVELIHOOD,
                            madeAt.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
            records.add(codec.seal(
                    Topics.outbox("iom"),
                    new Envelope(
                            drawn.id(),
                            drawn.sender(),
                            madeAt,
                            drawn.subject(),
                            drawn.event(),
                            drawn.type(),
                            drawn.schemaVersion())));
        }
        RecordSigner.sender(bus.signingKey("iom"))
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
        try (KafkaProducer<String, byte[]> producer = bus.producer("iom")) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        }
        return records;
    }

    /** The same signed record again, byte for byte. */
    private ProducerRecord<String, byte[]> resend(ProducerRecord<String, byte[]> original)
            throws ExecutionException, InterruptedException {
        ProducerRecord<String, byte[]> again =
                new ProducerRecord<>(original.topic(), null, original.key(), original.value(), original.headers());
        try (KafkaProducer<String, byte[]> producer = bus.producer("iom")) {
            producer.send(again).get();
        }
        return again;
    }

    private List<ConsumerRecord<String, byte[]>> awaitDelivered(List<ProducerRecord<String, byte[]>> sent) {
        List<String> ids = ids(sent);
        return bus.awaitRecords(
                "nctc",
                Topics.inbox("nctc"),
                r -> ids.contains(HeaderText.orEmpty(r.headers(), CloudEventHeaders.ID)),
                sent.size());
    }

    @SafeVarargs
    private List<String> delivered(List<String>... groups) {
        List<String> wanted = new ArrayList<>();
        for (List<String> group : groups) {
            wanted.addAll(group);
        }
        return bus.readAll("nctc", Topics.inbox("nctc")).stream()
                .map(r -> HeaderText.orEmpty(r.headers(), CloudEventHeaders.ID))
                .filter(wanted::contains)
                .toList();
    }

    private List<ConsumerRecord<String, byte[]>> refusals() {
        return bus.readAll("auditor", Topics.QUARANTINE).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .toList();
    }

    private static List<String> ids(List<? extends Object> records) {
        return records.stream()
                .map(r -> r instanceof ProducerRecord<?, ?> p ? p.headers() : ((ConsumerRecord<?, ?>) r).headers())
                .map(h -> HeaderText.orEmpty(h, CloudEventHeaders.ID))
                .toList();
    }
}
