package org.ddrrbus.federation.link;

import com.google.crypto.tink.HybridEncrypt;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending exchange's federation side: reads what its own bus's exchange accepted and writes to the outgoing topic
 * only the events the federation agreement lets cross, from the agency that sent them, with every field the flow does
 * not list withheld, and countersigned by the exchange. Anything else stays on this bus: there is no other way off it,
 * since MirrorMaker 2 copies the outgoing topic alone.
 *
 * <p>What the exchange accepted is its sender's own copy: on accepting an event, and only then, the exchange writes
 * it, unchanged, into the sender's inbox in the same transaction as its deliveries (its receipt); a refused event goes
 * to the quarantine instead. Only the exchange writes inboxes (the broker's ACLs), so a record in {@code
 * ddrr.inbox.<agency>} sent by that agency itself is one the exchange accepted, and the outlet reads nothing else:
 * never the outboxes. An answer to a referral, or a report on one, crosses only back to the bus the referral came
 * from, as the exchange marked it.
 *
 * <p>A person's content never crosses in clear: the outlet opens what the sender sealed under the person's key with the
 * exchange's own key store, and seals the copy to the receiving exchange's federation key, the other bus's {@code
 * sealingKey} in the agreement ({@link FederationSeal}); where the agreement lists this bus's {@code keyHolder}, the
 * content inside that seal is sealed under this bus's key of the person, which {@link CrossingKeyHolder} gives the
 * other bus for a person whose events crossed there until the person is erased here. An event whose key is gone (the
 * person erased here) does not cross.
 *
 * <p>An erasure of a person whose case code this bus issued crosses by itself, no flow listing it, as this exchange's
 * own event ({@link ErasureLeaving}).
 */
public final class Outlet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Outlet.class);
    private static final String REFERRING_AGENCY = "referringAgency";

    private final String local;
    private final String remote;
    private final FederationAgreement agreement;
    private final SignatureVerifier verifier;
    private final RecordSigner countersigner;
    private final EventCodec codec;
    private final SubjectCipher cipher;
    /** The receiving bus's public federation key, from the agreement: every person's content crosses sealed to it. */
    private final HybridEncrypt sealTo;
    /**
     * Whether the agreement lists this bus's key holder for the other bus: only then can the other bus's inlet ask for
     * this bus's key of the person, so only then is the content sealed under it inside.
     */
    private final boolean innerSeal;

    private final TransactionalRelay relay;
    private final ErasureLeaving erasures;
    /** Records to which bus a person's events crossed: this bus's key holder grants that bus the person's key alone. */
    private final SubjectKeyHolder keys;

    /**
     * @param exchangeClient client properties that log in to the local bus as the exchange
     * @param verifier checks senders' signatures against the local key directory
     * @param subjectKeys the people's data keys of this bus, as its exchange holds them
     */
    public Outlet(
            String local,
            FederationAgreement agreement,
            SharingAgreement national,
            Map<String, Object> exchangeClient,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKey,
            SubjectKeyHolder subjectKeys) {
        this.local = local;
        this.remote = agreement.other(local).country();
        this.sealTo = agreement.other(local).sealTo();
        this.innerSeal = agreement.bus(local).keyHolder().isPresent();
        this.agreement = agreement;
        // Opens what this bus's agencies sealed under a person's key, with the keys the exchange holds itself.
        this.keys = subjectKeys;
        this.cipher = SubjectCipher.of(subjectKeys, national);
        this.codec = new EventCodec().sealingWith(cipher);
        this.verifier = verifier;
        this.countersigner = RecordSigner.exchange(exchangeKey);
        this.erasures = new ErasureLeaving(local, agreement, national, verifier, RecordSigner.sender(exchangeKey));
        this.relay = new TransactionalRelay(
                "federation-outlet-" + local + "-to-" + remote,
                exchangeClient,
                FederationTopics.group("outlet", local, remote),
                FederationTopics.transactionalId("outlet", local, remote),
                Topics.INBOXES,
                this::process);
    }

    public Outlet start() {
        relay.start();
        return this;
    }

    private List<ProducerRecord<String, byte[]>> process(List<ConsumerRecord<String, byte[]>> batch) {
        String topic = FederationTopics.flow(local, remote);
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        List<RecordSigner.Signable> toSign = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> erased = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            Opened opened = codec.open(record);
            if (opened instanceof Opened.Valid valid) {
                erasures.leaving(record, valid.envelope(), topic).ifPresent(copy -> {
                    erased.add(copy);
                    erased.add(erasures.toldHome(copy, valid.envelope().sender()));
                });
            }
            crossing(record, opened).ifPresent(crossing -> {
                ProducerRecord<String, byte[]> copy = leave(record, crossing, topic);
                recordDelivery(crossing.envelope());
                out.add(copy);
                toSign.add(new RecordSigner.Signable(
                        copy.headers(),
                        SignedContent.deliveryLeaf(crossing.senderLeaf(), topic, copy.headers(), copy.value())));
            });
        }
        // One countersignature per batch, as the exchange countersigns each chunk of a transaction's deliveries.
        countersigner.sign(toSign);
        // The erasures that cross are this exchange's own events: signed as events, one tree for the batch.
        erasures.sign(erased);
        out.addAll(erased);
        return out;
    }

    /**
     * Records, before the copy is sent, that an event of the person went to the other bus ({@link
     * CrossingKeyHolder#recipient}): a transaction that then aborts is sent again, so the record is never wrong for long.
     */
    private void recordDelivery(Envelope envelope) {
        if (SubjectCipher.sealable(envelope.typeName(), envelope.subject())) {
            keys.recordDelivery(envelope.subject(), CrossingKeyHolder.recipient(remote));
        }
    }

    /** An event that crosses: its flow, its sender's leaf hash, and its plain encoding (opened if it was sealed). */
    private record Crossing(Envelope envelope, Flow flow, byte[] senderLeaf, byte[] plain) {}

    /**
     * The flow this inbox record may cross by; empty for everything that stays home: deliveries from other agencies,
     * the exchange's notices and what the inlet delivered (the exchange's own events).
     */
    private Optional<Crossing> crossing(ConsumerRecord<String, byte[]> record, Opened opened) {
        if (!(opened instanceof Opened.Valid valid)) {
            return Optional.empty();
        }
        Envelope envelope = valid.envelope();
        Optional<String> owner = Topics.inboxOwner(record.topic());
        if (owner.isEmpty() || !owner.get().equals(envelope.sender())) {
            return Optional.empty(); // not a sender's own copy: not something this exchange accepted from it
        }
        Optional<Flow> flow = agreement.flow(local, remote, envelope.typeName(), envelope.sender());
        if (flow.isEmpty()) {
            return Optional.empty();
        }
        if (answersAReferral(envelope.event())
                && !FederationHeaders.toBus(record.headers()).equals(Optional.of(remote))) {
            return Optional.empty(); // an answer to a referral issued on this bus (or a third): it stays home
        }
        if (verifier.checkOwnCopy(record.headers(), record.value(), record.timestamp())
                .refusalUnlessSignedBy(envelope.sender())
                .isPresent()) {
            log.info("Not sending {} {} across: its signature does not hold", envelope.typeName(), envelope.id());
            return Optional.empty();
        }
        Optional<byte[]> plain = plain(record, envelope);
        if (plain.isEmpty()) {
            return Optional.empty(); // the person's key went meanwhile (erased at home): nothing of it leaves
        }
        byte[] leaf = SignedContent.eventLeaf(record.headers(), record.value(), sequence(record));
        return Optional.of(new Crossing(envelope, flow.get(), leaf, plain.get()));
    }

    /** The sender's sequence a version-2 copy carries in its seal; null for a version-1 copy (it is in a header). */
    private static byte[] sequence(ConsumerRecord<String, byte[]> record) {
        Seal seal = Seal.of(record.headers());
        return seal == null ? null : seal.sequence();
    }

    /**
     * An answer to a referral or a report on one: it may cross only to the bus the referral came from, which the home
     * exchange names on the sender's own copy ({@link FederationHeaders#TO_BUS}) when it knows the referral arrived
     * from there.
     */
    private static boolean answersAReferral(SpecificRecord event) {
        Schema.Field referrer = event.getSchema().getField(REFERRING_AGENCY);
        return referrer != null && event.get(referrer.pos()) != null;
    }

    private ProducerRecord<String, byte[]> leave(
            ConsumerRecord<String, byte[]> record, Crossing crossing, String topic) {
        SpecificRecord event = crossing.envelope().event();
        SpecificRecord copy = SpecificData.getForSchema(event.getSchema()).deepCopy(event.getSchema(), event);
        List<String> withheld = new ArrayList<>();
        for (Schema.Field field : copy.getSchema().getFields()) {
            if (!crossing.flow().fields().contains(field.name())) {
                copy.put(field.pos(), null);
                withheld.add(field.name());
            }
        }
        Envelope envelope = crossing.envelope();
        byte[] plain = withheld.isEmpty() ? crossing.plain() : codec.encode(copy);
        // Never in clear on the crossing: a person's content is sealed to the receiving bus's exchange alone, and,
        // where this bus serves its key holder to the other, under this bus's key of the person inside that seal, so
        // that an erasure here makes every crossing copy unreadable, the receiving exchange's federation key included.
        byte[] value = SubjectCipher.sealable(envelope.typeName(), envelope.subject())
                ? FederationSeal.seal(
                        sealTo,
                        remote,
                        envelope.id(),
                        envelope.type().cloudEventType(),
                        envelope.subject(),
                        innerSeal
                                ? cipher.seal(
                                        envelope.typeName(),
                                        envelope.id(),
                                        envelope.type().cloudEventType(),
                                        envelope.subject(),
                                        envelope.time(),
                                        plain)
                                : plain)
                : plain;
        Headers headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (CloudEventHeaders.REQUIRED.contains(header.key()) || SignatureHeaders.SENDER.contains(header.key())) {
                headers.add(header.key(), header.value());
            }
        }
        // The crossing stays in version 1: a sender's copy in version 2 has its sender's signature in its seal.
        Seal seal = Seal.of(record.headers());
        if (seal != null) {
            seal.senderHeaders().forEach(headers::add);
        }
        headers.add(SignatureHeaders.LEAF, crossing.senderLeaf());
        put(
                headers,
                SignatureHeaders.LEDGER_TIME,
                Instant.ofEpochMilli(record.timestamp()).toString());
        put(headers, DeliveryTerms.PURPOSE, crossing.flow().purpose());
        put(headers, DeliveryTerms.LEGAL_BASIS, crossing.flow().legalBasis());
        if (!withheld.isEmpty()) {
            put(headers, DeliveryTerms.WITHHELD, String.join(",", withheld));
        }
        return new ProducerRecord<>(topic, null, record.key(), value, headers);
    }

    /** The event's plain single-object encoding as its sender wrote it: opened with the person's key if sealed. */
    private Optional<byte[]> plain(ConsumerRecord<String, byte[]> record, Envelope envelope) {
        if (!SubjectCipher.isSealed(record.value())) {
            return Optional.of(record.value());
        }
        try {
            return cipher.open(record.value(), envelope.id(), envelope.type().cloudEventType(), envelope.subject());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        relay.close();
    }
}
