package org.ddrrbus.client.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ReferralAccepted;
import org.junit.jupiter.api.Test;

class SigningTest {

    /** When the test's records reached the bus; the keys of a fixed ring speak at any time. */
    private static final long ARRIVED = 1_767_225_600_000L;

    private final EventCodec codec = new EventCodec();
    private final SigningKey nctc = SigningKey.generate("nctc");
    private final SigningKey exchange = SigningKey.generate("exchange");
    private final SignatureVerifier verifier = new SignatureVerifier(
            KeyRing.of(Map.of(nctc.keyId(), nctc.publicKey(), exchange.keyId(), exchange.publicKey())));

    private List<ProducerRecord<String, byte[]>> events(int count) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(codec.seal(
                    "ddrr.outbox.nctc",
                    codec.envelope("nctc", new ReferralAccepted("KE-SIGN-000" + i, "REF-" + i, "iom", null))));
        }
        RecordSigner.sender(nctc)
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
        return records;
    }

    @Test
    void everyLeafOfEveryTreeSizeProvesItsRoot() {
        for (int size = 1; size <= 17; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(Merkle.leaf(("leaf " + i).getBytes(StandardCharsets.UTF_8)));
            }
            Merkle.Tree tree = Merkle.build(leaves);
            for (int i = 0; i < size; i++) {
                assertThat(Merkle.rootOf(leaves.get(i), tree.proofs().get(i)))
                        .as("leaf %d of %d", i, size)
                        .isEqualTo(tree.root());
                assertThat(Merkle.rootOf(
                                Merkle.leaf(new byte[] {9}), tree.proofs().get(i)))
                        .isNotEqualTo(tree.root());
            }
        }
    }

    @Test
    void malformedProofIsRefused() {
        assertThatThrownBy(() -> Merkle.rootOf(new byte[32], new byte[5])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Merkle.rootOf(
                        new byte[32],
                        java.nio.ByteBuffer.allocate(8).putInt(3).putInt(2).array()))
                .hasMessageContaining("leaf 3 of 2");
    }

    @Test
    void oneSignatureCoversAWholeBatch() {
        List<ProducerRecord<String, byte[]>> batch = events(7);

        assertThat(batch)
                .allSatisfy(r -> assertThat(verifier.checkEvent(r.headers(), r.value(), ARRIVED))
                        .isEqualTo(new SignatureCheck.Valid(nctc.keyId(), "nctc")));
        assertThat(batch.stream()
                        .map(r -> new String(
                                r.headers()
                                        .lastHeader(SignatureHeaders.SIGNATURE)
                                        .value(),
                                StandardCharsets.ISO_8859_1))
                        .distinct())
                .hasSize(1);
    }

    @Test
    void changedValueOrHeaderNoLongerVerifies() {
        ProducerRecord<String, byte[]> record = events(3).get(1);
        byte[] tampered = record.value().clone();
        tampered[tampered.length - 1] ^= 1;
        Headers forgedTime = new RecordHeaders(record.headers().toArray());
        forgedTime.remove("ce_time");
        forgedTime.add("ce_time", "2020-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));

        assertThat(verifier.checkEvent(record.headers(), tampered, ARRIVED)).isInstanceOf(SignatureCheck.Invalid.class);
        assertThat(verifier.checkEvent(forgedTime, record.value(), ARRIVED)).isInstanceOf(SignatureCheck.Invalid.class);
    }

    @Test
    void unsignedUnknownKeyAndForgedSignatureAreTold() {
        ProducerRecord<String, byte[]> unsigned = codec.seal(
                "ddrr.outbox.nctc", codec.envelope("nctc", new ReferralAccepted("KE-SIGN-0009", "REF-9", "iom", null)));
        SigningKey stranger = SigningKey.generate("nctc");
        ProducerRecord<String, byte[]> byStranger = codec.seal(
                "ddrr.outbox.nctc", codec.envelope("nctc", new ReferralAccepted("KE-SIGN-0009", "REF-9", "iom", null)));
        RecordSigner.sender(stranger).signEvents(List.of(byStranger.headers()), List.of(byStranger.value()));
        ProducerRecord<String, byte[]> forged = events(1).get(0);
        byte[] signature =
                forged.headers().lastHeader(SignatureHeaders.SIGNATURE).value().clone();
        signature[0] ^= 1;
        forged.headers().remove(SignatureHeaders.SIGNATURE);
        forged.headers().add(SignatureHeaders.SIGNATURE, signature);

        assertThat(verifier.checkEvent(unsigned.headers(), unsigned.value(), ARRIVED))
                .isInstanceOf(SignatureCheck.Unsigned.class);
        assertThat(verifier.checkEvent(byStranger.headers(), byStranger.value(), ARRIVED))
                .isEqualTo(new SignatureCheck.Invalid("unknown signing key " + stranger.keyId()));
        assertThat(verifier.checkEvent(forged.headers(), forged.value(), ARRIVED))
                .isInstanceOf(SignatureCheck.Invalid.class);
    }

    @Test
    void deliveryIsCountersignedAndStillProvesTheSenderWhenFieldsWereWithheld() {
        ProducerRecord<String, byte[]> event = events(2).get(0);
        Headers delivered = new RecordHeaders(event.headers().toArray());
        delivered.add(SignatureHeaders.LEAF, SignedContent.eventLeaf(event.headers(), event.value()));
        delivered.add("ddrr_purpose", "case-management".getBytes(StandardCharsets.UTF_8));
        delivered.add("ddrr_withheld", "expectedStartOn".getBytes(StandardCharsets.UTF_8));
        byte[] minimised = event.value().clone();
        byte[] leaf = SignedContent.deliveryLeaf(
                SignedContent.header(delivered, SignatureHeaders.LEAF), "ddrr.inbox.iom", delivered, minimised);
        RecordSigner.exchange(exchange).sign(List.of(new RecordSigner.Signable(delivered, leaf)));

        assertThat(verifier.checkSenderOfDelivery(delivered, ARRIVED))
                .isEqualTo(new SignatureCheck.Valid(nctc.keyId(), "nctc"));
        assertThat(verifier.checkDelivery(delivered, minimised, "ddrr.inbox.iom", ARRIVED))
                .isEqualTo(new SignatureCheck.Valid(exchange.keyId(), "exchange"));
        assertThat(verifier.checkDelivery(delivered, minimised, "ddrr.inbox.cicc", ARRIVED))
                .as("moved to another inbox")
                .isInstanceOf(SignatureCheck.Invalid.class);
        Headers widened = new RecordHeaders(delivered.toArray());
        widened.remove("ddrr_purpose");
        widened.add("ddrr_purpose", "oversight".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.checkDelivery(widened, minimised, "ddrr.inbox.iom", ARRIVED))
                .as("terms changed")
                .isInstanceOf(SignatureCheck.Invalid.class);
    }

    /** A delivery of {@code value} for {@code event}, countersigned by the exchange, withholding {@code withheld}. */
    private Headers countersigned(ProducerRecord<String, byte[]> event, byte[] value, String withheld) {
        Headers delivered = new RecordHeaders(event.headers().toArray());
        delivered.add(SignatureHeaders.LEAF, SignedContent.eventLeaf(event.headers(), event.value()));
        delivered.add(DeliveryTerms.PURPOSE, "case-management".getBytes(StandardCharsets.UTF_8));
        if (!withheld.isEmpty()) {
            delivered.add(DeliveryTerms.WITHHELD, withheld.getBytes(StandardCharsets.UTF_8));
        }
        byte[] leaf = SignedContent.deliveryLeaf(
                SignedContent.header(delivered, SignatureHeaders.LEAF), "ddrr.inbox.iom", delivered, value);
        RecordSigner.exchange(exchange).sign(List.of(new RecordSigner.Signable(delivered, leaf)));
        return delivered;
    }

    @Test
    void aCopyWithNothingWithheldMustBeTheEventItsSenderSignedNotMerelyCountersigned() {
        List<ProducerRecord<String, byte[]>> events = events(2);
        ProducerRecord<String, byte[]> event = events.get(0);
        byte[] another = events.get(1).value();

        assertThat(verifier.checkInboxDelivery(
                                countersigned(event, event.value(), ""), event.value(), "ddrr.inbox.iom", ARRIVED)
                        .refusal("nctc"))
                .isEmpty();
        DeliveryCheck swapped =
                verifier.checkInboxDelivery(countersigned(event, another, ""), another, "ddrr.inbox.iom", ARRIVED);
        assertThat(swapped.sender()).isInstanceOf(SignatureCheck.Valid.class);
        assertThat(swapped.exchange()).isInstanceOf(SignatureCheck.Valid.class);
        assertThat(swapped.refusal("nctc")).contains(new Rejection.BadSignature(DeliveryCheck.ALTERED));
        assertThat(verifier.checkInboxDelivery(
                                countersigned(event, another, "expectedStartOn"), another, "ddrr.inbox.iom", ARRIVED)
                        .refusal("nctc"))
                .as("a minimised copy differs from the signed event by design")
                .isEmpty();
        assertThat(verifier.checkInboxDelivery(
                                countersigned(event, event.value(), ""), event.value(), "ddrr.inbox.iom", ARRIVED)
                        .refusal("iom"))
                .as("signed by someone other than the event's sender")
                .contains(new Rejection.BadSignature("signed by nctc, not iom"));
    }

    /**
     * The leaves are what the wire format says (RFC 6962 leaf hash of the tag and the length-prefixed parts, in order),
     * computed here independently of how {@link SignedContent} gathers them: deliveries and events signed earlier must
     * keep verifying, and the auditor reads them.
     */
    @Test
    void leavesAreTheLengthPrefixedPartsInTheirOrder() {
        Headers headers = new RecordHeaders();
        List<byte[]> eventParts = new ArrayList<>();
        List<byte[]> deliveryParts = new ArrayList<>();
        byte[] senderLeaf = Merkle.sha256(new byte[] {7});
        deliveryParts.add(senderLeaf);
        deliveryParts.add("ddrr.inbox.county".getBytes(StandardCharsets.UTF_8));
        List<String> names = new ArrayList<>(org.ddrrbus.client.envelope.CloudEventHeaders.REQUIRED);
        names.addAll(DeliveryTerms.HEADERS);
        names.add(SignatureHeaders.LEDGER_TIME);
        for (String name : names) {
            byte[] value = ("value of " + name).getBytes(StandardCharsets.UTF_8);
            headers.add(name, value);
            deliveryParts.add(value);
            if (org.ddrrbus.client.envelope.CloudEventHeaders.REQUIRED.contains(name)) {
                eventParts.add(value);
            }
        }
        byte[] value = "the event".getBytes(StandardCharsets.UTF_8);
        eventParts.add(value);
        deliveryParts.add(Merkle.sha256(value));

        assertThat(SignedContent.eventLeaf(headers, value))
                .isEqualTo(
                        Merkle.leaf(SignedContent.statement(SignedContent.EVENT, eventParts.toArray(byte[][]::new))));
        assertThat(SignedContent.deliveryLeaf(senderLeaf, "ddrr.inbox.county", headers, value))
                .isEqualTo(Merkle.leaf(
                        SignedContent.statement(SignedContent.DELIVERY, deliveryParts.toArray(byte[][]::new))));
    }
}
