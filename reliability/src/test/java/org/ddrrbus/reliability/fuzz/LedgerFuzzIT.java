package org.ddrrbus.reliability.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.awaitility.Awaitility;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.reliability.fuzz.WireGarbage.Sealed;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Garbage on the ledger, through the real exchange on a real locked-down broker: an agency's producer writes broken,
 * unsigned, forged, replayed and forbidden records to its own outbox, interleaved with valid signed events in one
 * ordered stream. Every broken record must be quarantined with its reason and its source offset, its sender told, and
 * every valid event delivered exactly once to each recipient: nothing valid lost, nothing blocked behind garbage.
 */
class LedgerFuzzIT {

    /** Every folder this test makes, removed after it. */
    @TempDir
    static Path scratch;

    private static final String EDGE = "ledger";
    private static final String SENDER = "iom";
    private static final String OUTBOX = Topics.outbox(SENDER);
    /** Valid events and broken records sent in one stream. */
    private static final int VALID = 250;

    private static final int GARBAGE = 750;

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static ConfigurableApplicationContext exchange;

    @BeforeAll
    static void startExchange() throws Exception {
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf(Components.EXCHANGE),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.exchange.state-dir=" + scratch.resolve("ledger-fuzz-exchange"),
                        "--server.tomcat.basedir="
                                + scratch.resolve("ledger-fuzz-exchange").resolve("tomcat"));
    }

    @AfterAll
    static void stopExchange() {
        if (exchange != null) {
            exchange.close();
        }
    }

    /** One record to send: what it is, and the reason the exchange must refuse it with (none for a valid event). */
    private record Outgoing(
            String kind, ProducerRecord<String, byte[]> record, RejectionReason expected, String eventId) {

        boolean valid() {
            return expected == null;
        }
    }

    @Test
    void garbageInterleavedWithValidEventsIsQuarantinedAndNothingValidIsLostOrBlocked() throws Exception {
        long started = System.nanoTime();
        String test = "garbageInterleavedWithValidEventsIsQuarantined";
        Random random = Fuzz.random(test);
        String run = Fuzz.alphanumeric(random, 4).toUpperCase();

        // Valid events, in batches of one to six as a service sends them within a few ms.
        List<Outgoing> valid = new ArrayList<>();
        for (int i = 0; i < VALID; i++) {
            valid.add(validEvent(random, run, i));
        }
        List<Integer> batchEnds = new ArrayList<>();
        for (int from = 0; from < VALID; ) {
            from = Math.min(VALID, from + Fuzz.between(random, 1, 6));
            batchEnds.add(from);
        }
        // Two records just under the broker's own limit of about 1 MB, somewhere in the middle: the quarantine must
        // hold them too.
        int total = VALID + GARBAGE;
        List<Integer> hugeAt = new ArrayList<>(List.of(
                Fuzz.between(random, total / 4, total * 3 / 4), Fuzz.between(random, total / 4, total * 3 / 4)));
        hugeAt.sort(null);

        // One stream: each valid batch in its turn, garbage between; a replay only after what it replays. Everything
        // is signed when its turn comes, so the stream is in the order its sender numbered it, as a service sends.
        List<Outgoing> stream = new ArrayList<>();
        List<Outgoing> sent = new ArrayList<>();
        int nextValid = 0;
        int garbage = 0;
        while (nextValid < VALID || garbage < GARBAGE) {
            while (!hugeAt.isEmpty() && stream.size() >= hugeAt.get(0)) {
                hugeAt.remove(0);
                BorderReturnRecorded event = new BorderReturnRecorded(
                        subject(run, "B", hugeAt.size()), "Kwale", null, null, LocalDate.now());
                ProducerRecord<String, byte[]> huge = codec.seal(OUTBOX, codec.envelope(SENDER, event));
                huge = new ProducerRecord<>(
                        OUTBOX,
                        null,
                        huge.key(),
                        WireGarbage.concat(huge.value(), Fuzz.bytes(random, 1_040_000)),
                        huge.headers());
                sign(SENDER, List.of(huge));
                stream.add(outgoing("oversized", huge, RejectionReason.OVERSIZED));
            }
            boolean takeValid = garbage == GARBAGE || (nextValid < VALID && random.nextInt(VALID + GARBAGE) < VALID);
            if (takeValid) {
                int end = batchEnds.remove(0);
                List<Outgoing> batch = valid.subList(nextValid, end);
                sign(SENDER, batch.stream().map(Outgoing::record).toList());
                stream.addAll(batch);
                sent.addAll(batch);
                nextValid = end;
            } else {
                stream.add(garbage(random, run, garbage++, sent));
            }
        }

        Map<Outgoing, RecordMetadata> written = send(stream);
        awaitExchangeCaughtUp(written.values());

        List<Outgoing> broken = stream.stream().filter(o -> !o.valid()).toList();
        assertEveryBrokenRecordIsQuarantinedWithItsReason(test, broken, written);
        assertTheSenderHeardOfEveryBrokenRecord(test, broken, written);
        assertEveryValidEventIsDeliveredExactlyOnce(test, valid);

        Map<String, Long> kinds =
                broken.stream().collect(Collectors.groupingBy(Outgoing::kind, TreeMap::new, Collectors.counting()));
        System.out.println("FUZZ " + EDGE + " garbage by kind: " + kinds);
        System.out.println("FUZZ " + EDGE + " garbage by reason: "
                + broken.stream()
                        .collect(Collectors.groupingBy(o -> o.expected().name(), TreeMap::new, Collectors.counting())));
        Fuzz.report(EDGE, test, stream.size(), VALID + GARBAGE + 2, started);
    }

    /**
     * Event ids are remembered per stream task, that is per partition, so a replay written to another partition of
     * the outbox would escape the replay check: the exchange refuses any record that is not on the partition its key
     * hashes to (MALFORMED_HEADER, "key belongs on partition ...").
     */
    @Test
    void aReplayWrittenToAnotherPartitionIsRefusedAndDeliveredOnlyOnce() throws Exception {
        Outgoing original = validEvent(Fuzz.random("replay-elsewhere"), "RPLY", 0);
        sign(SENDER, List.of(original.record()));
        Map<Outgoing, RecordMetadata> first = send(List.of(original));
        int elsewhere = (first.get(original).partition() + 1) % 3;
        ProducerRecord<String, byte[]> r = original.record();
        Outgoing replay = new Outgoing(
                "replayed",
                new ProducerRecord<>(OUTBOX, elsewhere, r.key(), r.value(), r.headers()),
                RejectionReason.MALFORMED_HEADER,
                original.eventId());
        Map<Outgoing, RecordMetadata> second = send(List.of(replay));
        awaitExchangeCaughtUp(List.of(first.get(original), second.get(replay)));

        assertEveryBrokenRecordIsQuarantinedWithItsReason("replay elsewhere", List.of(replay), second);
        assertEveryValidEventIsDeliveredExactlyOnce("replay elsewhere", List.of(original));
    }

    private static Outgoing validEvent(Random random, String run, int i) {
        BorderReturnRecorded event = new BorderReturnRecorded(
                subject(run, "V", i),
                Fuzz.pick(random, "Kwale", "Lamu", "Garissa"),
                random.nextBoolean() ? "Liboi" : null,
                random.nextBoolean() ? "SO" : null,
                LocalDate.now().minusDays(random.nextInt(30)));
        ProducerRecord<String, byte[]> record = codec.seal(OUTBOX, codec.envelope(SENDER, event));
        return new Outgoing("valid", record, null, header(record.headers(), CloudEventHeaders.ID));
    }

    private static String subject(String run, String kind, int i) {
        return String.format("KE-%s-%s%03d", run, kind, i);
    }

    /** One broken record of a kind chosen at random: broken on the wire, unsigned, forged, replayed or forbidden. */
    private Outgoing garbage(Random random, String run, int i, List<Outgoing> sent) {
        WireGarbage wire = new WireGarbage(codec, random);
        BorderReturnRecorded event =
                new BorderReturnRecorded(subject(run, "G", i), "Kwale", null, null, LocalDate.now());
        Sealed sealed = wire.seal(SENDER, event);
        sign(SENDER, List.of(sealed.record()));
        int kind = random.nextInt(20);
        if (kind < 9) {
            // Broken on the wire: the codec's own families, each cut from a validly signed record.
            List<WireInput> family = switch (kind) {
                case 0 -> List.of(wire.randomValue(sealed), wire.randomValue(sealed));
                case 1 -> wire.truncations(sealed);
                case 2 -> wire.bitFlips(sealed).subList(0, 80);
                case 3 -> wire.trailing(sealed, 2);
                case 4 -> wire.hostileVarints(sealed);
                case 5, 6 -> wire.headerFaults(sealed, 2);
                case 7 -> wire.mismatches(sealed);
                default ->
                    List.of(
                            sealed.with(
                                    "oversized",
                                    "300 KB",
                                    WireGarbage.concat(sealed.value(), Fuzz.bytes(random, 300_000)),
                                    WireInput.Expectation.reason(RejectionReason.OVERSIZED)),
                            sealed.with(
                                    "empty",
                                    "no value",
                                    random.nextBoolean() ? new byte[0] : null,
                                    WireInput.Expectation.reason(RejectionReason.NOT_AVRO)));
            };
            // Any of the family the wire format refuses (some bit flips, some hostile lengths still read as valid).
            List<WireInput> candidates = new ArrayList<>(family);
            java.util.Collections.shuffle(candidates, random);
            WireInput input = null;
            Opened local = null;
            for (WireInput candidate : candidates) {
                local = codec.open(
                        new RecordOrigin(OUTBOX, 0, 0, candidate.key()), candidate.headersCopy(), candidate.value());
                if (local instanceof Opened.Refused) {
                    input = candidate;
                    break;
                }
            }
            assertThat(input).as("a refused record among " + family.size()).isNotNull();
            Integer partition = random.nextInt(3) == 0 ? null : random.nextInt(3);
            return new Outgoing(
                    input.kind(),
                    new ProducerRecord<>(OUTBOX, partition, input.key(), input.value(), input.headersCopy()),
                    ((Opened.Refused) local).rejection().reason(),
                    header(input.headers(), CloudEventHeaders.ID));
        }
        ProducerRecord<String, byte[]> record = sealed.record();
        return switch (kind) {
            case 9 -> {
                ProducerRecord<String, byte[]> unsigned = codec.seal(OUTBOX, codec.envelope(SENDER, event));
                yield outgoing("unsigned", unsigned, RejectionReason.UNSIGNED);
            }
            case 10 -> {
                ProducerRecord<String, byte[]> forged = codec.seal(OUTBOX, codec.envelope(SENDER, event));
                sign(Fuzz.pick(random, "nctc", "cicc", "county"), List.of(forged));
                yield outgoing("signed-by-another-agency", forged, RejectionReason.SOURCE_MISMATCH);
            }
            case 11 -> {
                ProducerRecord<String, byte[]> posing =
                        codec.seal(OUTBOX, codec.envelope(Fuzz.pick(random, "nctc", "cicc"), event));
                sign(SENDER, List.of(posing));
                yield outgoing("source-names-another-agency", posing, RejectionReason.SOURCE_MISMATCH);
            }
            case 12 -> {
                // Changed after signing: a header the signature covers, or the value itself.
                if (random.nextBoolean()) {
                    WireGarbage.replace(
                            record.headers(),
                            CloudEventHeaders.TIME,
                            Instant.now().minusSeconds(5).toString());
                    yield outgoing("changed-after-signing", record, RejectionReason.BAD_SIGNATURE);
                }
                BorderReturnRecorded changed =
                        new BorderReturnRecorded(event.getSubjectRef(), "Lamu", null, null, event.getRecordedOn());
                yield outgoing(
                        "changed-after-signing",
                        new ProducerRecord<>(OUTBOX, null, record.key(), codec.encode(changed), record.headers()),
                        RejectionReason.BAD_SIGNATURE);
            }
            case 13 -> {
                String header =
                        Fuzz.pick(random, SignatureHeaders.KEY, SignatureHeaders.SIGNATURE, SignatureHeaders.PROOF);
                byte[] bad = switch (random.nextInt(4)) {
                    case 0 ->
                        Fuzz.bytes(
                                random, header.equals(SignatureHeaders.SIGNATURE) ? 64 : Fuzz.between(random, 1, 100));
                    case 1 ->
                        header.equals(SignatureHeaders.KEY)
                                ? (SENDER + "/00000000").getBytes(StandardCharsets.UTF_8)
                                : new byte[3];
                    case 2 -> null;
                    default -> record.headers().lastHeader(header).value();
                };
                if (random.nextBoolean()
                        || bad == record.headers().lastHeader(header).value()) {
                    record.headers().add(header, bad);
                } else {
                    record.headers().remove(header);
                    record.headers().add(header, bad);
                }
                yield outgoing("bad-signature-headers", record, RejectionReason.BAD_SIGNATURE);
            }
            case 14 -> {
                // Dated ahead of the exchange's clock: no event can have happened yet. (Nothing is refused for being
                // old: a node that was offline for weeks delivers its backlog.)
                String time = Instant.now()
                        .plus(Duration.ofMinutes(Fuzz.between(random, 10, 100_000)))
                        .toString();
                ProducerRecord<String, byte[]> dated = codec.seal(OUTBOX, codec.envelope(SENDER, event));
                WireGarbage.replace(dated.headers(), CloudEventHeaders.TIME, time);
                sign(SENDER, List.of(dated));
                yield outgoing("postdated", dated, RejectionReason.REPLAYED);
            }
            case 15, 16 -> {
                if (sent.isEmpty()) {
                    yield outgoing(
                            "unsigned", codec.seal(OUTBOX, codec.envelope(SENDER, event)), RejectionReason.UNSIGNED);
                }
                // The same signed record again, keyed as before, so it lands where the original did.
                Outgoing original = Fuzz.pick(random, sent);
                ProducerRecord<String, byte[]> again = new ProducerRecord<>(
                        OUTBOX,
                        null,
                        original.record().key(),
                        original.record().value(),
                        original.record().headers());
                yield new Outgoing("replayed", again, RejectionReason.REPLAYED, original.eventId());
            }
            default -> {
                // Well-formed and signed, but the agreement or the person's consent forbids it.
                String subjectRef = event.getSubjectRef();
                SpecificRecord forbidden;
                RejectionReason reason;
                switch (kind) {
                    case 17 -> {
                        forbidden = new PhaseChanged(
                                subjectRef, "Kwale", Phase.DISENGAGEMENT, Phase.REINTEGRATION, null, LocalDate.now());
                        reason = RejectionReason.SENDER_NOT_PERMITTED;
                    }
                    case 18 -> {
                        String to = Fuzz.pick(random, "embassy-dk", "auditor", "cicc");
                        forbidden = new ReferralIssued(
                                subjectRef,
                                "REF-FUZZ-" + i,
                                to,
                                "Kwale",
                                List.of(ServiceKind.MENTORSHIP),
                                Priority.WITHIN_72_HOURS,
                                to.equals("cicc") ? "oversight" : "mentorship",
                                "CONSENT-NONE");
                        reason = to.equals("cicc")
                                ? RejectionReason.PURPOSE_NOT_PERMITTED
                                : RejectionReason.RECIPIENT_NOT_PERMITTED;
                    }
                    default -> {
                        if (random.nextBoolean()) {
                            forbidden = new ReferralIssued(
                                    subjectRef,
                                    "REF-FUZZ-" + i,
                                    "cicc",
                                    "Kwale",
                                    List.of(ServiceKind.MENTORSHIP),
                                    Priority.WITHIN_2_WEEKS,
                                    "mentorship",
                                    "CONSENT-NEVER-" + i);
                            reason = RejectionReason.NO_CONSENT;
                        } else {
                            forbidden = new ConsentRecorded(
                                    subjectRef,
                                    "CONSENT-FUZZ-" + i,
                                    List.of("mentorship", "gossip"),
                                    LocalDate.now(),
                                    null);
                            reason = RejectionReason.PURPOSE_NOT_PERMITTED;
                        }
                    }
                }
                ProducerRecord<String, byte[]> signed = codec.seal(OUTBOX, codec.envelope(SENDER, forbidden));
                sign(SENDER, List.of(signed));
                yield outgoing("forbidden-by-the-agreement", signed, reason);
            }
        };
    }

    private static Outgoing outgoing(String kind, ProducerRecord<String, byte[]> record, RejectionReason expected) {
        return new Outgoing(kind, record, expected, header(record.headers(), CloudEventHeaders.ID));
    }

    private static void sign(String principal, List<ProducerRecord<String, byte[]>> records) {
        RecordSigner.sender(bus.signingKey(principal))
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
    }

    /** Sends the stream in order through one producer of the agency, as fast as it will go. */
    private static Map<Outgoing, RecordMetadata> send(List<Outgoing> stream) throws Exception {
        Map<String, Object> props = new HashMap<>(bus.clientProperties(SENDER));
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 << 20);
        Map<Outgoing, Future<RecordMetadata>> futures = new java.util.IdentityHashMap<>();
        try (KafkaProducer<String, byte[]> producer = TestBus.producer(props)) {
            for (Outgoing outgoing : stream) {
                // Headers of a sent record become read-only; a replay reuses its original's, so it gets a copy.
                ProducerRecord<String, byte[]> r = outgoing.record();
                futures.put(
                        outgoing,
                        producer.send(new ProducerRecord<>(
                                r.topic(),
                                r.partition(),
                                r.key(),
                                r.value(),
                                new org.apache.kafka.common.header.internals.RecordHeaders(
                                        r.headers().toArray()))));
            }
            producer.flush();
        }
        Map<Outgoing, RecordMetadata> written = new java.util.IdentityHashMap<>();
        for (var entry : futures.entrySet()) {
            written.put(entry.getKey(), entry.getValue().get());
        }
        return written;
    }

    /** Waits until the exchange has committed its work on everything sent: its offsets reach the end of the outbox. */
    private static void awaitExchangeCaughtUp(java.util.Collection<RecordMetadata> written) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        written.forEach(m -> ends.merge(new TopicPartition(m.topic(), m.partition()), m.offset() + 1, Math::max));
        try (Admin admin = bus.admin()) {
            Awaitility.await("the exchange to commit past every record sent")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                        Components.EXCHANGE_APPLICATION_ID)
                                .partitionsToOffsetAndMetadata()
                                .get();
                        return ends.entrySet().stream()
                                .allMatch(e -> committed.containsKey(e.getKey())
                                        && committed.get(e.getKey()).offset() >= e.getValue());
                    });
        }
    }

    private void assertEveryBrokenRecordIsQuarantinedWithItsReason(
            String test, List<Outgoing> broken, Map<Outgoing, RecordMetadata> written) {
        Map<String, List<QuarantinedRecord>> quarantined = bus.readAll("auditor", Topics.QUARANTINE).stream()
                .map(QuarantinedRecord::from)
                .filter(q -> q.sourceTopic().equals(OUTBOX))
                .collect(Collectors.groupingBy(q -> q.sourcePartition() + "@" + q.sourceOffset()));
        for (Outgoing outgoing : broken) {
            RecordMetadata at = written.get(outgoing);
            String what = Fuzz.replay(test) + ": " + outgoing.kind() + " at " + at.partition() + "@" + at.offset();
            List<QuarantinedRecord> copies = quarantined.getOrDefault(at.partition() + "@" + at.offset(), List.of());
            assertThat(copies).as(what + ": quarantined once").hasSize(1);
            QuarantinedRecord copy = copies.get(0);
            assertThat(copy.reason())
                    .as(what + ": reason (detail: %s)", copy.detail())
                    .isEqualTo(outgoing.expected().name());
            Fuzz.assertReadableLine(copy.detail(), what + ": quarantine detail");
            assertThat(copy.quarantinedBy()).as(what).isEqualTo(Components.EXCHANGE);
            assertThat(copy.value())
                    .as(what + ": the evidence, unchanged")
                    .isEqualTo(outgoing.record().value());
        }
    }

    private void assertTheSenderHeardOfEveryBrokenRecord(
            String test, List<Outgoing> broken, Map<Outgoing, RecordMetadata> written) {
        Map<String, List<DeliveryRejected>> notices = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : bus.readAll("auditor", Topics.inbox(SENDER))) {
            Opened opened = codec.open(record);
            if (opened instanceof Opened.Valid valid
                    && valid.envelope().event() instanceof DeliveryRejected notice
                    && notice.getSourceTopic().equals(OUTBOX)) {
                assertThat(bus.verifier().checkEvent(record.headers(), record.value(), record.timestamp()))
                        .as("a refusal notice is signed by the exchange")
                        .isInstanceOfSatisfying(
                                SignatureCheck.Valid.class,
                                v -> assertThat(v.signer()).isEqualTo(Components.EXCHANGE));
                notices.computeIfAbsent(
                                notice.getSourcePartition() + "@" + notice.getSourceOffset(), k -> new ArrayList<>())
                        .add(notice);
            }
        }
        for (Outgoing outgoing : broken) {
            RecordMetadata at = written.get(outgoing);
            String what = Fuzz.replay(test) + ": " + outgoing.kind() + " at " + at.partition() + "@" + at.offset();
            List<DeliveryRejected> told = notices.getOrDefault(at.partition() + "@" + at.offset(), List.of());
            assertThat(told).as(what + ": one DeliveryRejected to the sender").hasSize(1);
            assertThat(told.get(0).getReason()).as(what).isEqualTo(outgoing.expected());
            Fuzz.assertReadableLine(told.get(0).getDetail(), what + ": notice detail");
        }
    }

    private void assertEveryValidEventIsDeliveredExactlyOnce(String test, List<Outgoing> valid) {
        Map<String, Outgoing> byId = valid.stream().collect(Collectors.toMap(Outgoing::eventId, Function.identity()));
        // nctc sees every field, the county a minimised copy, the sender its own copy as a receipt.
        for (String inbox : List.of(Topics.inbox("nctc"), Topics.inbox("county"), Topics.inbox(SENDER))) {
            Map<String, Long> delivered = bus.readAll("auditor", inbox).stream()
                    .filter(r -> r.headers().lastHeader(CloudEventHeaders.ID) != null)
                    .map(r -> header(r.headers(), CloudEventHeaders.ID))
                    .filter(byId::containsKey)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            List<String> lost = byId.keySet().stream()
                    .filter(id -> !delivered.containsKey(id))
                    .sorted()
                    .toList();
            List<String> twice = delivered.entrySet().stream()
                    .filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            assertThat(lost)
                    .as(Fuzz.replay(test) + ": valid events lost on the way to " + inbox)
                    .isEmpty();
            assertThat(twice)
                    .as(Fuzz.replay(test) + ": valid events delivered twice to " + inbox)
                    .isEmpty();
        }
        List<ConsumerRecord<String, byte[]>> atNctc = bus.readAll("auditor", Topics.inbox("nctc")).stream()
                .filter(r -> byId.containsKey(header(r.headers(), CloudEventHeaders.ID)))
                .toList();
        for (ConsumerRecord<String, byte[]> record : atNctc) {
            Outgoing sent = byId.get(header(record.headers(), CloudEventHeaders.ID));
            assertThat(record.value())
                    .as("nctc receives every field, as sent")
                    .isEqualTo(sent.record().value());
        }
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
