package org.ddrrbus.client.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.events.ReferralAccepted;
import org.junit.jupiter.api.Test;

/** Version 2: a delivery's signatures in one binary header, read beside version 1 and refused when any byte changes. */
class SealTest {

    private static final long LEDGER = 1_767_225_590_000L;
    private static final long DELIVERED = 1_767_225_600_000L;
    private static final String INBOX = "ddrr.inbox.iom";

    private final EventCodec codec = new EventCodec();
    private final SigningKey nctc = SigningKey.generate("nctc");
    private final SigningKey exchange = SigningKey.generate("exchange");
    private final SignatureVerifier verifier = new SignatureVerifier(
            KeyRing.of(Map.of(nctc.keyId(), nctc.publicKey(), exchange.keyId(), exchange.publicKey())));

    /** Three events signed as one batch by nctc, in version 1 as senders write them. */
    private List<ProducerRecord<String, byte[]>> events() {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            records.add(codec.seal(
                    "ddrr.outbox.nctc",
                    codec.envelope("nctc", new ReferralAccepted("KE-SEAL-000" + i, "REF-" + i, "iom", null))));
        }
        RecordSigner.sender(nctc)
                .signEvents(
                        records.stream().map(ProducerRecord::headers).toList(),
                        records.stream().map(ProducerRecord::value).toList());
        return records;
    }

    /** The deliveries of {@code events} as the exchange writes them: CloudEvents, terms and a countersigned seal. */
    private List<Headers> delivered(List<ProducerRecord<String, byte[]>> events, String withheld) {
        List<Headers> deliveries = new ArrayList<>();
        List<RecordSigner.Signable> signables = new ArrayList<>();
        for (ProducerRecord<String, byte[]> event : events) {
            Headers headers = new RecordHeaders();
            for (Header header : event.headers()) {
                if (CloudEventHeaders.REQUIRED.contains(header.key())) {
                    headers.add(header);
                }
            }
            headers.add(DeliveryTerms.PURPOSE, "case-management".getBytes(StandardCharsets.UTF_8));
            if (!withheld.isEmpty()) {
                headers.add(DeliveryTerms.WITHHELD, withheld.getBytes(StandardCharsets.UTF_8));
            }
            headers.add(
                    SignatureHeaders.SEAL,
                    Seal.deliveryOf(event.headers(), SignedContent.eventLeaf(event.headers(), event.value()), LEDGER));
            deliveries.add(headers);
            signables.add(RecordSigner.Signable.delivery(INBOX, headers, event.value())
                    .orElseThrow());
        }
        RecordSigner.exchange(exchange).sign(signables);
        return deliveries;
    }

    @Test
    void aSealedDeliveryVerifiesAndStatesTheLedgerTime() {
        List<ProducerRecord<String, byte[]>> events = events();
        List<Headers> deliveries = delivered(events, "");
        for (int i = 0; i < events.size(); i++) {
            Headers headers = deliveries.get(i);
            DeliveryCheck check =
                    verifier.checkInboxDelivery(headers, events.get(i).value(), INBOX, DELIVERED);
            assertThat(check.sender()).isEqualTo(new SignatureCheck.Valid(nctc.keyId(), "nctc"));
            assertThat(check.exchange()).isEqualTo(new SignatureCheck.Valid(exchange.keyId(), "exchange"));
            assertThat(check.refusal("nctc")).isEmpty();
            assertThat(SignatureVerifier.ledgerTime(headers, Instant.ofEpochMilli(DELIVERED)))
                    .isEqualTo(Instant.ofEpochMilli(LEDGER));
            assertThat(headers.headers(SignatureHeaders.SEAL)).hasSize(1);
            assertThat(headers.lastHeader(SignatureHeaders.SEAL).value()[0]).isEqualTo(Seal.VERSION);
        }
        assertThat(verifier.checkInboxDelivery(deliveries.get(0), events.get(0).value(), "ddrr.inbox.cicc", DELIVERED)
                        .refusal("nctc"))
                .as("the countersignature names the inbox")
                .isPresent();
        assertThat(verifier.checkInboxDelivery(deliveries.get(0), events.get(1).value(), INBOX, DELIVERED)
                        .refusal("nctc"))
                .as("another value")
                .isPresent();
    }

    @Test
    void aSendersOwnCopyInEitherVersionIsJudgedAsTheEventItsSenderSigned() {
        List<ProducerRecord<String, byte[]>> events = events();
        Headers sealed = delivered(events, "").get(0);
        byte[] value = events.get(0).value();

        assertThat(verifier.checkOwnCopy(sealed, value, DELIVERED).refusalUnlessSignedBy("nctc"))
                .isEmpty();
        assertThat(verifier.checkOwnCopy(events.get(0).headers(), value, DELIVERED)
                        .refusalUnlessSignedBy("nctc"))
                .as("version 1: the sender's headers sign the copy as an event")
                .isEmpty();
        assertThat(verifier.checkOwnCopy(sealed, events.get(1).value(), DELIVERED))
                .isEqualTo(new SignatureCheck.Invalid("the copy is not the event its sender signed"));
    }

    @Test
    void everyByteOfTheSealIsCoveredWhetherOrNotFieldsWereWithheld() {
        for (String withheld : List.of("", "expectedStartOn")) {
            ProducerRecord<String, byte[]> event = events().get(1);
            Headers headers = delivered(List.of(event), withheld).get(0);
            byte[] seal = headers.lastHeader(SignatureHeaders.SEAL).value();
            for (int i = 0; i < seal.length; i++) {
                for (int bit : new int[] {0x01, 0x80}) {
                    byte[] flipped = seal.clone();
                    flipped[i] ^= (byte) bit;
                    Headers tampered = withSeal(headers, flipped);
                    assertThat(verifier.checkInboxDelivery(tampered, event.value(), INBOX, DELIVERED)
                                    .refusal("nctc"))
                            .as("byte %d of %d flipped (0x%02x), withheld '%s'", i, seal.length, bit, withheld)
                            .isPresent();
                }
            }
            assertThat(verifier.checkInboxDelivery(
                                    withSeal(headers, java.util.Arrays.copyOf(seal, seal.length - 1)),
                                    event.value(),
                                    INBOX,
                                    DELIVERED)
                            .refusal("nctc"))
                    .as("truncated")
                    .isPresent();
            assertThat(verifier.checkInboxDelivery(
                                    withSeal(headers, java.util.Arrays.copyOf(seal, seal.length + 1)),
                                    event.value(),
                                    INBOX,
                                    DELIVERED)
                            .refusal("nctc"))
                    .as("a byte added")
                    .isPresent();
        }
    }

    @Test
    void aSealIsRefusedRepeatedBesideVersionOneHeadersOrWithoutTheCountersignature() {
        ProducerRecord<String, byte[]> event = events().get(0);
        Headers headers = delivered(List.of(event), "").get(0);

        Headers repeated = new RecordHeaders(headers.toArray());
        repeated.add(headers.lastHeader(SignatureHeaders.SEAL));
        assertThat(verifier.checkInboxDelivery(repeated, event.value(), INBOX, DELIVERED)
                        .refusal("nctc"))
                .isPresent();

        Headers mixed = new RecordHeaders(headers.toArray());
        mixed.add(SignatureHeaders.LEDGER_TIME, "2026-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.checkInboxDelivery(mixed, event.value(), INBOX, DELIVERED)
                        .refusal("nctc"))
                .isPresent();

        Seal seal = Seal.of(headers);
        Headers uncountersigned = withSeal(headers, seal.prefix());
        assertThat(verifier.checkDelivery(uncountersigned, event.value(), INBOX, DELIVERED))
                .isInstanceOf(SignatureCheck.Unsigned.class);
        assertThat(verifier.checkInboxDelivery(uncountersigned, event.value(), INBOX, DELIVERED)
                        .refusal("nctc"))
                .isPresent();
        assertThat(verifier.checkEvent(headers, event.value(), DELIVERED))
                .as("a delivery's seal is no event's signature")
                .isInstanceOf(SignatureCheck.Invalid.class);
    }

    @Test
    void theLayoutIsTheDocumentedOne() {
        ProducerRecord<String, byte[]> event = events().get(2);
        Headers headers = delivered(List.of(event), "").get(0);
        Seal seal = Seal.of(headers);
        byte[] bytes = seal.bytes();
        byte[] keyId = nctc.keyId().getBytes(StandardCharsets.UTF_8);
        byte[] proof = event.headers().lastHeader(SignatureHeaders.PROOF).value();
        assertThat(bytes[0]).isEqualTo((byte) 2);
        assertThat(bytes[1]).isEqualTo((byte) 0x03);
        assertThat(((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff)).isEqualTo(keyId.length);
        int at = 4 + keyId.length + 64 + 2 + proof.length;
        assertThat(seal.prefixLength()).isEqualTo(at + 8 + 32 + 8);
        assertThat(java.nio.ByteBuffer.wrap(bytes, at + 8 + 32, 8).getLong()).isEqualTo(LEDGER);
        assertThat(seal.sequence())
                .isEqualTo(event.headers().lastHeader(SignatureHeaders.SEQUENCE).value());
        assertThat(seal.senderLeaf()).isEqualTo(SignedContent.eventLeaf(event.headers(), event.value()));
        assertThat(seal.exchangeKeyId()).isEqualTo(exchange.keyId().getBytes(StandardCharsets.UTF_8));
        assertThat(Seal.parse(seal.countersigned(seal.exchangeKeyId(), seal.exchangeSignature(), seal.exchangeProof()))
                        .bytes())
                .isEqualTo(bytes);
        assertThatThrownBy(() -> Seal.parse(new byte[] {1, 0})).hasMessageContaining("version");
    }

    private static Headers withSeal(Headers headers, byte[] seal) {
        Headers copy = new RecordHeaders(headers.toArray());
        copy.remove(SignatureHeaders.SEAL);
        copy.add(SignatureHeaders.SEAL, seal);
        return copy;
    }
}
