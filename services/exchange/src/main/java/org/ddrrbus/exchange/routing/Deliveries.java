package org.ddrrbus.exchange.routing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.signing.Seal;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.exchange.seal.InputMark;

/**
 * The records the {@link Gate} writes for an event the {@link Router} lets through: the sender's own copy (its
 * receipt) and one copy per recipient, minimised and resealed where the recipient may not see every field, each with
 * the CloudEvents attributes, a seal (version 2) holding the sender's signature, its leaf and the ledger time, and the
 * input it answers.
 */
final class Deliveries {

    private final EventCodec codec;

    Deliveries(EventCodec codec) {
        this.codec = codec;
    }

    /** The sender's copy, then each recipient's, of the record the decision delivers. */
    List<Record<String, Outbound>> of(
            Record<String, byte[]> record,
            RecordOrigin origin,
            String owner,
            Envelope envelope,
            byte[] senderLeaf,
            Decision.Deliver deliver) {
        List<Record<String, Outbound>> out = new ArrayList<>();
        // What every delivery of this event carries besides its terms, made once: the sender's headers, its leaf,
        // when the event reached the outbox (the recipient judges the sender's key at the time this gate did) and the
        // input it answers. The copies hold none of the exchange's headers yet, so each is added, never replaced.
        // The sender's signature headers travel on in one seal (version 2) with its leaf and the ledger time, the
        // CloudEvents attributes as they came; the producer adds the countersignature to the seal.
        List<Header> carried = new ArrayList<>(CloudEventHeaders.REQUIRED.size());
        for (Header header : record.headers()) {
            if (CloudEventHeaders.REQUIRED.contains(header.key())) {
                carried.add(header);
            }
        }
        Header seal = new RecordHeader(
                SignatureHeaders.SEAL, Seal.deliveryOf(record.headers(), senderLeaf, record.timestamp()));
        Header mark = InputMark.of(origin);
        // The sender's own copy: its read model is rebuilt from its inbox, and this is its receipt.
        // An answer to a referral of another bus: the federation outlet lets it cross back to that bus alone.
        List<Header> ownTerms = deliver.abroad()
                .map(bus -> List.of(text(FederationHeaders.TO_BUS, bus)))
                .orElse(List.of());
        out.add(delivery(record, Topics.inbox(owner), record.value(), carried, ownTerms, seal, mark));
        for (Delivery delivery : deliver.deliveries()) {
            List<Header> terms = new ArrayList<>(3);
            terms.add(text(DeliveryTerms.PURPOSE, delivery.purpose()));
            terms.add(text(DeliveryTerms.LEGAL_BASIS, delivery.legalBasis()));
            byte[] value = record.value();
            if (!delivery.withheld().isEmpty()) {
                terms.add(text(
                        DeliveryTerms.WITHHELD,
                        String.join(",", delivery.withheld().stream().sorted().toList())));
                value = codec.encode(minimise(envelope.event(), delivery));
                if (SubjectCipher.isSealed(record.value())) {
                    // The copy with fields withheld is sealed under the same key as the sender's event.
                    value = codec.cipher()
                            .orElseThrow()
                            .resealAs(
                                    record.value(),
                                    envelope.id(),
                                    envelope.type().cloudEventType(),
                                    value);
                }
            }
            out.add(delivery(record, Topics.inbox(delivery.recipient()), value, carried, terms, seal, mark));
        }
        return out;
    }

    /**
     * A delivery with the sender's leaf, so the recipient can check the sender's signature even of a copy with fields
     * withheld. The exchange's producer adds the countersignature, one per chunk of a transaction's deliveries,
     * before it sends them (see {@code CountersigningProducer}).
     */
    private static Record<String, Outbound> delivery(
            Record<String, byte[]> record,
            String inbox,
            byte[] value,
            List<Header> carried,
            List<Header> terms,
            Header seal,
            Header mark) {
        Header[] headers = new Header[carried.size() + terms.size() + 2];
        int at = 0;
        for (Header header : carried) {
            headers[at++] = header;
        }
        for (Header header : terms) {
            headers[at++] = header;
        }
        headers[at++] = seal;
        headers[at] = mark;
        return Notices.outbound(record, record.key(), inbox, value, new RecordHeaders(headers));
    }

    private static Header text(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
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
}
