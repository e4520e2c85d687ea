package org.ddrrbus.exchange.routing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.exchange.consent.ConsentBook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one ledger record: opens it, checks that its sender wrote its own outbox, asks the {@link Router}, and
 * forwards the outcome. Everything forwarded for one input record, and the consent update, commit together in one
 * transaction, so a crash can neither lose a delivery nor deliver twice.
 */
final class Gate implements Processor<String, byte[], String, Outbound> {

    static final String PURPOSE = "ddrr_purpose";
    static final String LEGAL_BASIS = "ddrr_legal_basis";
    static final String WITHHELD = "ddrr_withheld";

    private static final Logger log = LoggerFactory.getLogger(Gate.class);

    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Router router;
    private final EventCodec codec;
    private final SignatureVerifier verifier;
    private final RecordSigner author;
    private final Duration replayWindow;
    private final int ledgerPartitions;
    private ProcessorContext<String, Outbound> context;
    private KeyValueStore<String, ConsentBook> consents;
    private KeyValueStore<String, Long> seen;

    Gate(
            Router router,
            EventCodec codec,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKeys,
            Duration replayWindow,
            int ledgerPartitions) {
        this.router = router;
        this.codec = codec;
        this.verifier = verifier;
        this.author = RecordSigner.sender(exchangeKeys);
        this.replayWindow = replayWindow;
        this.ledgerPartitions = ledgerPartitions;
    }

    @Override
    public void init(ProcessorContext<String, Outbound> context) {
        this.context = context;
        this.consents = context.getStateStore(ExchangeTopology.CONSENTS);
        this.seen = context.getStateStore(ExchangeTopology.SEEN_EVENTS);
        // Event ids older than the window need not be remembered: such events are refused by their date.
        context.schedule(
                Duration.ofMinutes(10),
                PunctuationType.WALL_CLOCK_TIME,
                now -> forgetBefore(now - replayWindow.toMillis()));
    }

    private void forgetBefore(long cutoff) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            all.forEachRemaining(entry -> {
                if (entry.value < cutoff) {
                    expired.add(entry.key);
                }
            });
        }
        expired.forEach(seen::delete);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        String owner = Topics.outboxOwner(metadata.topic()).orElseThrow();
        try {
            Opened opened = codec.open(origin, record.headers(), record.value());
            Optional<Rejection> misplaced = misplaced(record.key(), metadata.partition());
            if (opened instanceof Opened.Valid && misplaced.isPresent()) {
                refuse(record, origin, owner, misplaced.get(), null, null);
            } else if (opened instanceof Opened.Refused refused) {
                refuse(record, origin, owner, refused.rejection(), null, null);
            } else if (opened instanceof Opened.Valid valid) {
                gate(record, origin, owner, valid.envelope());
            }
        } catch (RuntimeException e) {
            // A bug must not stop the bus or lose the record: it is set aside with the evidence, and the sender told.
            log.error("Could not process {}; quarantined", origin, e);
            refuse(record, origin, owner, new Rejection.Failed(e.getClass().getSimpleName()), null, null);
        }
    }

    private void gate(Record<String, byte[]> record, RecordOrigin origin, String owner, Envelope envelope) {
        // Hashed once: the leaf is what the sender signed and what every delivery of this event carries on.
        byte[] senderLeaf = SignedContent.eventLeaf(record.headers(), record.value());
        Optional<Rejection> problem = authenticate(record, owner, envelope, senderLeaf);
        if (problem.isPresent()) {
            refuse(record, origin, owner, problem.get(), envelope.subject(), envelope);
            return;
        }
        ConsentBook stored = consents.get(envelope.subject());
        ConsentBook book = stored == null ? ConsentBook.EMPTY : stored;
        Decision decision = router.route(envelope, book);
        if (decision instanceof Decision.Refuse refuse) {
            refuse(record, origin, owner, refuse.rejection(), envelope.subject(), envelope);
            return;
        }
        Decision.Deliver deliver = (Decision.Deliver) decision;
        if (!deliver.consents().equals(book)) {
            consents.put(envelope.subject(), deliver.consents());
        }
        // The sender's own copy: its read model is rebuilt from its inbox, and this is its receipt.
        deliver(record, Topics.inbox(owner), record.value(), copy(record.headers()), senderLeaf);
        for (Delivery delivery : deliver.deliveries()) {
            Headers headers = copy(record.headers());
            put(headers, PURPOSE, delivery.purpose());
            put(headers, LEGAL_BASIS, delivery.legalBasis());
            byte[] value = record.value();
            if (!delivery.withheld().isEmpty()) {
                put(
                        headers,
                        WITHHELD,
                        String.join(",", delivery.withheld().stream().sorted().toList()));
                value = codec.encode(minimise(envelope.event(), delivery));
            }
            deliver(record, Topics.inbox(delivery.recipient()), value, headers, senderLeaf);
        }
    }

    /**
     * Forwards a delivery with the sender's leaf, so the recipient can check the sender's signature even of a copy
     * with fields withheld. The exchange's producer adds the countersignature of everything one transaction delivers
     * when it commits (see {@code CountersigningProducer}).
     */
    private void deliver(
            Record<String, byte[]> record, String inbox, byte[] value, Headers headers, byte[] senderLeaf) {
        headers.remove(SignatureHeaders.LEAF);
        headers.add(SignatureHeaders.LEAF, senderLeaf);
        // When the event reached the outbox: the recipient judges the sender's key at the time this gate did.
        put(
                headers,
                SignatureHeaders.LEDGER_TIME,
                Instant.ofEpochMilli(record.timestamp()).toString());
        forward(record, inbox, value, headers);
    }

    /**
     * A person's events and consents meet in one task only if every record sits on the partition its subjectRef's
     * hash names, as Kafka's default partitioner puts it; a record written elsewhere would also escape the replay
     * check, which remembers event ids per partition. So the key must be where it belongs.
     */
    private Optional<Rejection> misplaced(String key, int partition) {
        if (key == null) {
            return Optional.empty();
        }
        int expected = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % ledgerPartitions;
        return expected == partition
                ? Optional.empty()
                : Optional.of(new Rejection.MalformedHeader(
                        "key", "belongs on partition " + expected + " of the outbox, not " + partition));
    }

    /**
     * The outbox proves the sender on the bus (only the owner's principal can write it); the signature proves it
     * beyond the bus. They must agree with each other and with {@code ce_source}, and an event id counts once.
     */
    private Optional<Rejection> authenticate(
            Record<String, byte[]> record, String owner, Envelope envelope, byte[] leaf) {
        // The record's timestamp is when it reached the outbox (LogAppendTime), which the sender cannot choose.
        SignatureCheck signature = verifier.checkEventLeaf(record.headers(), leaf, record.timestamp());
        if (signature.refusal().isPresent()) {
            return signature.refusal();
        }
        String signer = ((SignatureCheck.Valid) signature).signer();
        if (!envelope.sender().equals(owner)) {
            return Optional.of(new Rejection.SourceMismatch(envelope.sender(), owner));
        }
        if (!signer.equals(envelope.sender())) {
            return Optional.of(new Rejection.NotTheSigner(envelope.sender(), signer));
        }
        long now = context.currentSystemTimeMs();
        long time = envelope.time().toEpochMilli();
        if (time < now - replayWindow.toMillis() || time > now + CLOCK_SKEW.toMillis()) {
            return Optional.of(
                    new Rejection.Stale(envelope.id(), envelope.time().toString()));
        }
        String id = envelope.sender() + "|" + envelope.id();
        if (seen.get(id) != null) {
            return Optional.of(new Rejection.Replayed(envelope.id(), envelope.sender()));
        }
        seen.put(id, time);
        return Optional.empty();
    }

    /** The event with the fields this recipient may not see set to null; the agreement allows this only for optional fields. */
    private static SpecificRecord minimise(SpecificRecord event, Delivery delivery) {
        SpecificRecord copy = SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
        for (String name : delivery.withheld()) {
            Schema.Field field = copy.getSchema().getField(name);
            copy.put(field.pos(), null);
        }
        return copy;
    }

    private void refuse(
            Record<String, byte[]> record,
            RecordOrigin origin,
            String owner,
            Rejection rejection,
            String subject,
            Envelope envelope) {
        log.info("Refused {} from {}: {}", origin, owner, rejection.detail());
        ProducerRecord<String, byte[]> quarantined =
                Quarantine.record(rejection, origin, record.headers(), record.value(), Components.EXCHANGE);
        forward(record.withKey(quarantined.key()), quarantined.topic(), quarantined.value(), quarantined.headers());

        DeliveryRejected notice = new DeliveryRejected(
                envelope != null
                        ? envelope.id()
                        : headerOr(record.headers(), CloudEventHeaders.ID, "unknown-" + UUID.randomUUID()),
                envelope != null
                        ? envelope.type().cloudEventType()
                        : headerOr(record.headers(), CloudEventHeaders.TYPE, null),
                subject,
                rejection.reason(),
                rejection.detail(),
                origin.topic(),
                origin.partition(),
                origin.offset());
        ProducerRecord<String, byte[]> toSender =
                codec.seal(Topics.inbox(owner), codec.envelope(Components.EXCHANGE, notice));
        author.signEvents(List.of(toSender.headers()), List.of(toSender.value()));
        forward(record.withKey(toSender.key()), toSender.topic(), toSender.value(), toSender.headers());
    }

    private void forward(Record<String, byte[]> record, String topic, byte[] value, Headers headers) {
        context.forward(new Record<>(record.key(), new Outbound(topic, value), record.timestamp(), headers));
    }

    private static Headers copy(Headers headers) {
        return new RecordHeaders(headers.toArray());
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String headerOr(Headers headers, String name, String fallback) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? fallback : new String(header.value(), StandardCharsets.UTF_8);
    }
}
