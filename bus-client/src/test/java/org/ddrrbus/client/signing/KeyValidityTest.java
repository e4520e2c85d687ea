package org.ddrrbus.client.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.RejectionReason;
import org.junit.jupiter.api.Test;

/** A signature counts only for an event made while its key spoke for its signer, by the bus's time rule. */
class KeyValidityTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    private final EventCodec codec = new EventCodec();
    private final SigningKey iom = SigningKey.generate("iom");
    private final SigningKey exchange = SigningKey.generate("exchange");
    private final Map<String, RegisteredKey> directory = new HashMap<>();
    private final SignatureVerifier verifier =
            new SignatureVerifier(keyId -> Optional.ofNullable(directory.get(keyId)));

    private void register(SigningKey key, Instant from, Instant until, Instant revokedFrom) {
        directory.put(
                key.keyId(),
                new RegisteredKey(
                        key.keyId(),
                        key.principal(),
                        key.publicKey(),
                        from,
                        Optional.ofNullable(until),
                        Optional.ofNullable(revokedFrom)));
    }

    /** An event of iom dated {@code ceTime}, signed with {@code key}. */
    private ProducerRecord<String, byte[]> signed(SigningKey key, Instant ceTime) {
        ProducerRecord<String, byte[]> record = codec.seal(
                "ddrr.outbox.iom", codec.envelope("iom", new ReferralAccepted("KE-KEYS-0001", "REF-1", "nctc", null)));
        record.headers().remove(CloudEventHeaders.TIME);
        record.headers().add(CloudEventHeaders.TIME, ceTime.toString().getBytes(StandardCharsets.UTF_8));
        RecordSigner.sender(key).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    private SignatureCheck check(ProducerRecord<String, byte[]> record, Instant arrived) {
        return verifier.checkEvent(record.headers(), record.value(), arrived.toEpochMilli());
    }

    @Test
    void aKeyCountsOnlyWithinItsValidity() {
        register(iom, T, T.plus(Duration.ofHours(1)), null);

        assertThat(check(signed(iom, T.plusSeconds(60)), T.plusSeconds(61)))
                .isEqualTo(new SignatureCheck.Valid(iom.keyId(), "iom"));
        assertThat(check(signed(iom, T.minusSeconds(60)), T.minusSeconds(59)))
                .isInstanceOfSatisfying(
                        SignatureCheck.KeyNotValid.class,
                        notYet -> assertThat(notYet.problem())
                                .isEqualTo("it speaks for iom from " + T + ", the event counts as of "
                                        + T.minusSeconds(59)));
        assertThat(check(signed(iom, T.plus(Duration.ofHours(2))), T.plus(Duration.ofHours(2))))
                .isInstanceOf(SignatureCheck.KeyNotValid.class);
    }

    @Test
    void anEventSignedBeforeTheEndOfAnOldKeyCountsByItsArrivalNotItsDelivery() {
        // The old key ends at T; this event reached the outbox a second before, and is judged by that, however late.
        register(iom, T.minus(Duration.ofDays(30)), T, null);

        assertThat(check(signed(iom, T.minusSeconds(2)), T.minusSeconds(1))).isInstanceOf(SignatureCheck.Valid.class);
    }

    @Test
    void revocationRefusesEventsFromItsInstantAndFlagsTheEarlierOnes() {
        register(iom, T.minus(Duration.ofDays(30)), null, T);

        SignatureCheck before = check(signed(iom, T.minusSeconds(10)), T.minusSeconds(9));
        SignatureCheck after = check(signed(iom, T.plusSeconds(10)), T.plusSeconds(11));

        assertThat(before).isEqualTo(new SignatureCheck.Valid(iom.keyId(), "iom", Optional.of(T)));
        assertThat(after).isEqualTo(new SignatureCheck.KeyRevoked(iom.keyId(), "iom", T, T.plusSeconds(11)));
        assertThat(after.refusal()).get().extracting(Rejection::reason).isEqualTo(RejectionReason.KEY_REVOKED);
    }

    @Test
    void aThiefCannotBackdateAnEventPastTheRevocation() {
        register(iom, T.minus(Duration.ofDays(30)), null, T);
        // Dated a day before the revocation, but it reached the bus after it: the later of the two counts.
        ProducerRecord<String, byte[]> backdated = signed(iom, T.minus(Duration.ofDays(1)));

        assertThat(check(backdated, T.plusSeconds(5)))
                .isEqualTo(new SignatureCheck.KeyRevoked(iom.keyId(), "iom", T, T.plusSeconds(5)));
    }

    @Test
    void anEventDatedAfterItsArrivalIsJudgedByItsOwnDate() {
        register(iom, T.minus(Duration.ofDays(30)), null, T);

        assertThat(check(signed(iom, T.plusSeconds(30)), T.minusSeconds(1)))
                .isInstanceOf(SignatureCheck.KeyRevoked.class);
    }

    @Test
    void aForgedSignatureWithARevokedKeyIsAForgeryNotARevocation() {
        register(iom, T.minus(Duration.ofDays(30)), null, T);
        ProducerRecord<String, byte[]> forged = signed(iom, T.plusSeconds(1));
        byte[] signature =
                forged.headers().lastHeader(SignatureHeaders.SIGNATURE).value().clone();
        signature[3] ^= 1;
        forged.headers().remove(SignatureHeaders.SIGNATURE);
        forged.headers().add(SignatureHeaders.SIGNATURE, signature);

        assertThat(check(forged, T.plusSeconds(2)))
                .isEqualTo(
                        new SignatureCheck.Invalid("the signature of " + iom.keyId() + " does not match the content"));
    }

    @Test
    void aDeliveryJudgesItsSenderAtTheLedgerTimeAndCoversThatTime() {
        register(iom, T.minus(Duration.ofDays(30)), T, null);
        register(exchange, T.minus(Duration.ofDays(30)), null, null);
        ProducerRecord<String, byte[]> event = signed(iom, T.minusSeconds(5));
        Headers delivered = new RecordHeaders(event.headers().toArray());
        delivered.add(SignatureHeaders.LEAF, SignedContent.eventLeaf(event.headers(), event.value()));
        delivered.add(SignatureHeaders.LEDGER_TIME, T.minusSeconds(4).toString().getBytes(StandardCharsets.UTF_8));
        RecordSigner.exchange(exchange)
                .sign(List.of(new RecordSigner.Signable(
                        delivered,
                        SignedContent.deliveryLeaf(
                                SignedContent.header(delivered, SignatureHeaders.LEAF),
                                "ddrr.inbox.nctc",
                                delivered,
                                event.value()))));
        long deliveredAt = T.plus(Duration.ofHours(3)).toEpochMilli();

        // Delivered three hours after the sender's key ended, but it reached the sender's outbox before: it counts.
        assertThat(verifier.checkSenderOfDelivery(delivered, deliveredAt)).isInstanceOf(SignatureCheck.Valid.class);
        assertThat(verifier.checkDelivery(delivered, event.value(), "ddrr.inbox.nctc", deliveredAt))
                .isEqualTo(new SignatureCheck.Valid(exchange.keyId(), "exchange"));
        Headers redated = new RecordHeaders(delivered.toArray());
        redated.remove(SignatureHeaders.LEDGER_TIME);
        redated.add(
                SignatureHeaders.LEDGER_TIME,
                T.minus(Duration.ofDays(1)).toString().getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.checkDelivery(redated, event.value(), "ddrr.inbox.nctc", deliveredAt))
                .as("the ledger time is covered by the countersignature")
                .isInstanceOf(SignatureCheck.Invalid.class);
    }
}
