package org.ddrrbus.auditor.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class InspectorTest {

    private static final String REGISTERED_BASIS = "Statutory mandate of the national DDRR programme";

    private final Wire wire = new Wire();
    private final Inspector inspector = new Inspector(AgreementLoader.loadDefault(), Wire.CODEC, wire.verifier());

    private Verdict verdictOf(ConsumerRecord<String, byte[]> record) {
        return inspector.inspect(record).verdict();
    }

    @Test
    void ledgerRecordSignedByItsSenderIsVerified() {
        Inspection inspection = inspector.inspect(wire.ledger("nctc", Wire.registered("KE-A"), 7));

        assertThat(inspection.verdict()).isEqualTo(new Verdict.Verified(List.of("nctc")));
        assertThat(inspection.decoded()).get().extracting(Decoded::eventType).isEqualTo("ReturneeRegistered");
        assertThat(inspection.attributes().sourceAgency()).contains("nctc");
    }

    @Test
    void oneChangedByteInTheValueIsABadSignature() {
        ConsumerRecord<String, byte[]> original = wire.ledger("nctc", Wire.registered("KE-A"), 7);
        byte[] changed = original.value().clone();
        changed[changed.length - 1] ^= 0x02;

        assertThat(verdictOf(Wire.withValue(original, changed)))
                .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE)
                .extracting(v -> v.reason().orElseThrow())
                .asString()
                .contains("does not match the content");
    }

    @Test
    void aChangedEventTimeIsABadSignature() {
        ConsumerRecord<String, byte[]> original = wire.ledger("nctc", Wire.registered("KE-A"), 7);

        assertThat(verdictOf(Wire.withHeader(original, "ce_time", "2020-01-01T00:00:00Z")))
                .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE);
    }

    @Test
    void aRecordWithoutSignatureHeadersIsUnsigned() {
        ConsumerRecord<String, byte[]> unsigned = Wire.withoutHeaders(
                wire.ledger("nctc", Wire.registered("KE-A"), 7),
                SignatureHeaders.KEY,
                SignatureHeaders.SIGNATURE,
                SignatureHeaders.PROOF);

        assertThat(verdictOf(unsigned)).isEqualTo(Verdict.Failure.UNSIGNED.because("the record carries no signature"));
    }

    /** A person's key, held by the test as the exchange would hold it; the inspector, like the auditor, has none. */
    private static EventCodec sealingCodec() throws GeneralSecurityException {
        AeadConfig.register();
        Aead key = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);
        SubjectKeys keys = new SubjectKeys() {
            @Override
            public Aead keyFor(SubjectKeyId id) {
                return key;
            }

            @Override
            public Optional<Aead> find(SubjectKeyId id) {
                return Optional.of(key);
            }
        };
        return Wire.CODEC.sealingWith(SubjectCipher.of(keys, AgreementLoader.loadDefault()));
    }

    @Test
    void aRecordSealedUnderAPersonsKeyIsVerifiedByItsSignaturesWithoutTheKey() throws GeneralSecurityException {
        EventCodec sealing = sealingCodec();
        ProducerRecord<String, byte[]> sealed =
                sealing.seal(Topics.outbox("nctc"), sealing.envelope("nctc", Wire.registered("KE-AUDT-0001")));
        RecordSigner.sender(wire.key("nctc")).signEvents(List.of(sealed.headers()), List.of(sealed.value()));
        ConsumerRecord<String, byte[]> record =
                Wire.record(Topics.outbox("nctc"), 1, sealed.key(), sealed.value(), sealed.headers());

        Inspection inspection = inspector.inspect(record);

        assertThat(SubjectCipher.isSealed(record.value())).isTrue();
        assertThat(inspection.verdict()).isEqualTo(new Verdict.Verified(List.of("nctc")));
        assertThat(inspection.decoded()).isEmpty();
        byte[] changed = record.value().clone();
        changed[changed.length - 1] ^= 0x02;
        assertThat(verdictOf(Wire.withValue(record, changed)))
                .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE);
    }

    @Test
    void bytesThatAreNotAnEventAreMalformed() {
        ConsumerRecord<String, byte[]> garbage = Wire.record(
                Topics.outbox("county"), 3, "KE-G", "hello".getBytes(StandardCharsets.UTF_8), new RecordHeaders());

        Inspection inspection = inspector.inspect(garbage);

        assertThat(inspection.verdict()).hasFieldOrPropertyWithValue("failure", Verdict.Failure.MALFORMED);
        assertThat(inspection.decoded()).isEmpty();
    }

    @Test
    void aSignedRecordWithAnUnknownFingerprintIsAnUnknownSchema() {
        ProducerRecord<String, byte[]> sealed =
                Wire.CODEC.seal(Topics.outbox("nctc"), Wire.CODEC.envelope("nctc", Wire.registered("KE-A")));
        byte[] value = sealed.value().clone();
        ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x1234_5678_9abc_def0L);
        RecordSigner.sender(wire.key("nctc")).signEvents(List.of(sealed.headers()), List.of(value));

        Verdict verdict = verdictOf(Wire.record(Topics.outbox("nctc"), 1, "KE-A", value, sealed.headers()));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.UNKNOWN_SCHEMA.because("no event schema has fingerprint 123456789abcdef0"));
    }

    @Test
    void anOutboxRecordClaimingAnotherSenderIsAPolicyViolation() {
        Verdict verdict = verdictOf(wire.ledger("iom", "nctc", Wire.registered("KE-A"), 1));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.POLICY_VIOLATION.because(
                        "ce_source names iom but the record is in the outbox of nctc"));
    }

    @Test
    void anEventTheAgreementDoesNotLetTheSenderSendIsAPolicyViolation() {
        Verdict verdict = verdictOf(wire.ledger("county", Wire.registered("KE-A"), 1));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.POLICY_VIOLATION.because(
                        "the agreement does not let county send ReturneeRegistered"));
    }

    @Test
    void deliveryWithTheFieldsTheAgreementWithholdsRemovedIsVerified() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);

        Inspection inspection = inspector.inspect(
                wire.delivery(ledger, "county", "community-services", REGISTERED_BASIS, Set.of("returnRoute")));

        assertThat(inspection.verdict()).isEqualTo(new Verdict.Verified(List.of("nctc", "exchange")));
        assertThat(inspection.terms())
                .isEqualTo(new DeliveryTerms(
                        java.util.Optional.of("community-services"),
                        java.util.Optional.of(REGISTERED_BASIS),
                        List.of("returnRoute")));
    }

    @Test
    void deliveryThatCarriesAWithheldFieldIsAPolicyViolation() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);

        Verdict verdict = verdictOf(wire.delivery(ledger, "county", "community-services", REGISTERED_BASIS, Set.of()));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.POLICY_VIOLATION.because(
                        "field returnRoute is withheld from county but was delivered"));
    }

    @Test
    void deliveryForAPurposeTheRouteDoesNotServeIsAPolicyViolation() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);

        Verdict verdict =
                verdictOf(wire.delivery(ledger, "county", "mentorship", REGISTERED_BASIS, Set.of("returnRoute")));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.POLICY_VIOLATION.because(
                        "the agreement does not let county receive ReturneeRegistered for purpose 'mentorship'"));
    }

    @Test
    void deliveryToAnAgencyWithoutARouteIsAPolicyViolation() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);

        Verdict verdict = verdictOf(wire.delivery(ledger, "iom", "reintegration-support", REGISTERED_BASIS, Set.of()));

        assertThat(verdict)
                .isEqualTo(Verdict.Failure.POLICY_VIOLATION.because(
                        "the agreement does not let iom receive ReturneeRegistered"));
    }

    @Test
    void deliveryWhoseTermsWereChangedAfterTheExchangeSignedIsABadSignature() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);
        ConsumerRecord<String, byte[]> delivered =
                wire.delivery(ledger, "county", "community-services", REGISTERED_BASIS, Set.of("returnRoute"));

        Verdict verdict = verdictOf(Wire.withHeader(delivered, "ddrr_purpose", "case-management"));

        assertThat(verdict)
                .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE)
                .extracting(v -> v.reason().orElseThrow())
                .asString()
                .startsWith("the exchange's countersignature");
    }

    @Test
    void deliveryOfAnotherValueThanTheSenderSignedIsABadSignatureEvenWhenCountersigned() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);
        byte[] other = Wire.CODEC.encode(ReturneeRegistered.newBuilder(Wire.registered("KE-A"))
                .setAreaOfReturn("Kinondo")
                .build());

        Verdict verdict =
                verdictOf(wire.forgedDelivery(ledger, "county", "community-services", REGISTERED_BASIS, other));

        assertThat(verdict)
                .isEqualTo(
                        Verdict.Failure.BAD_SIGNATURE.because("the delivered event is not the one its sender signed"));
    }

    /** Deliveries written before the seal (version 1) stay on the bus for years: the auditor reads them still. */
    @Test
    void aDeliveryWrittenInVersionOneIsVerifiedAndItsTermsStillBind() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);
        ConsumerRecord<String, byte[]> delivered = wire.deliveryInVersion1(
                ledger, "county", "community-services", REGISTERED_BASIS, Set.of("returnRoute"));

        assertThat(delivered.headers().lastHeader(SignatureHeaders.SEAL)).isNull();
        assertThat(verdictOf(delivered)).isEqualTo(new Verdict.Verified(List.of("nctc", "exchange")));
        assertThat(verdictOf(Wire.withHeader(delivered, "ddrr_purpose", "case-management")))
                .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE);
    }

    /** Any byte of a delivery's seal changed, the delivery no longer verifies. */
    @Test
    void aDeliveryWhoseSealWasChangedIsABadSignature() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);
        ConsumerRecord<String, byte[]> delivered =
                wire.delivery(ledger, "county", "community-services", REGISTERED_BASIS, Set.of("returnRoute"));
        byte[] seal = delivered.headers().lastHeader(SignatureHeaders.SEAL).value();

        for (int at : new int[] {1, 5, seal.length / 2, seal.length - 9, seal.length - 1}) {
            byte[] changed = seal.clone();
            changed[at] ^= 0x01;
            Headers headers = new RecordHeaders(delivered.headers().toArray());
            headers.remove(SignatureHeaders.SEAL);
            headers.add(SignatureHeaders.SEAL, changed);
            assertThat(verdictOf(Wire.record(
                            delivered.topic(), delivered.offset(), delivered.key(), delivered.value(), headers)))
                    .as("byte %d of the seal changed", at)
                    .hasFieldOrPropertyWithValue("failure", Verdict.Failure.BAD_SIGNATURE);
        }
        assertThat(verdictOf(Wire.withoutHeaders(delivered, SignatureHeaders.SEAL)))
                .isEqualTo(Verdict.Failure.UNSIGNED.because("the record carries no signature"));
    }

    @Test
    void theSendersOwnCopyIsVerified() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-A"), 4);

        assertThat(verdictOf(wire.ownCopy(ledger, "nctc")))
                .isEqualTo(new Verdict.Verified(List.of("nctc", "exchange")));
    }

    @Test
    void aWithdrawalOfConsentMayReachAnyAgencyThatReliedOnIt() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger(
                "nctc", new ConsentWithdrawn("KE-A", "C-1", List.of("mentorship"), LocalDate.of(2026, 3, 3)), 5);

        Verdict verdict = verdictOf(wire.delivery(ledger, "cicc", "mentorship", "Consent of the person", Set.of()));

        assertThat(verdict).isEqualTo(new Verdict.Verified(List.of("nctc", "exchange")));
    }

    @Test
    void aNoticeOfTheExchangeIsVerifiedBySignatureAlone() {
        DeliveryRejected notice = new DeliveryRejected(
                "id-1",
                "org.ddrrbus.events.ReturneeRegistered",
                "KE-A",
                RejectionReason.NO_CONSENT,
                "no consent",
                Topics.outbox("nctc"),
                0,
                9L);
        ProducerRecord<String, byte[]> sealed =
                Wire.CODEC.seal(Topics.inbox("nctc"), Wire.CODEC.envelope("exchange", notice));
        RecordSigner.sender(wire.key("exchange")).signEvents(List.of(sealed.headers()), List.of(sealed.value()));

        Verdict verdict =
                verdictOf(Wire.record(Topics.inbox("nctc"), 2, sealed.key(), sealed.value(), sealed.headers()));

        assertThat(verdict).isEqualTo(new Verdict.Verified(List.of("exchange")));
    }

    @Test
    void aQuarantinedRecordIsJudgedByItsSignatureNotByTheAgreementThatRefusedIt() {
        ConsumerRecord<String, byte[]> refused = wire.ledger("county", Wire.registered("KE-A"), 6);
        ProducerRecord<String, byte[]> quarantined = Quarantine.record(
                new Rejection.SenderNotPermitted("county", "ReturneeRegistered"),
                new RecordOrigin(refused.topic(), 0, 6, refused.key()),
                refused.headers(),
                refused.value(),
                "exchange");

        Inspection inspection = inspector.inspect(
                Wire.record(Topics.QUARANTINE, 0, quarantined.key(), quarantined.value(), quarantined.headers()));

        assertThat(inspection.verdict()).isEqualTo(new Verdict.Verified(List.of("county")));
        assertThat(inspection.quarantine())
                .get()
                .extracting(QuarantineNote::reason)
                .isEqualTo(java.util.Optional.of("SENDER_NOT_PERMITTED"));
    }

    @Test
    void statusesAreListedInSummaryOrder() {
        assertThat(Verdict.STATUSES)
                .containsExactly(
                        "verified",
                        "bad-signature",
                        "key-revoked",
                        "key-not-valid",
                        "unsigned",
                        "unknown-schema",
                        "malformed",
                        "policy-violation");
        assertThat(Arrays.asList(
                        Verdict.Failure.MALFORMED.because("x").status(),
                        Verdict.Failure.POLICY_VIOLATION.because("y").status()))
                .containsExactly("malformed", "policy-violation");
    }

    /** The inspector with the directory saying that {@code principal}'s key was revoked from {@code from}. */
    private Inspector revoking(String principal, Instant from) {
        SignatureVerifier verifier = new SignatureVerifier(keyId ->
                wire.ring().find(keyId).map(key -> key.principal().equals(principal) ? key.revokedFrom(from) : key));
        return new Inspector(AgreementLoader.loadDefault(), Wire.CODEC, verifier);
    }

    @Test
    void anEventSignedBeforeItsKeyWasRevokedVerifiesWithAWarning() {
        ConsumerRecord<String, byte[]> record = wire.ledger("nctc", Wire.registered("KE-REV-1"), 7);
        Instant later = Instant.now().plus(Duration.ofDays(1));

        Verdict verdict = revoking("nctc", later).inspect(record).verdict();

        assertThat(verdict)
                .isEqualTo(new Verdict.Verified(
                        List.of("nctc"),
                        List.of("signed by " + wire.key("nctc").keyId() + ", a key that was later revoked (from "
                                + later + ")")));
        assertThat(verdict.passed()).isTrue();
    }

    @Test
    void anEventSignedAfterItsKeyWasRevokedFails() {
        ConsumerRecord<String, byte[]> record = wire.ledger("nctc", Wire.registered("KE-REV-2"), 7);

        Verdict verdict = revoking("nctc", Instant.ofEpochMilli(record.timestamp()))
                .inspect(record)
                .verdict();

        assertThat(verdict).hasFieldOrPropertyWithValue("failure", Verdict.Failure.KEY_REVOKED);
        assertThat(verdict.reason().orElseThrow())
                .startsWith("signed by " + wire.key("nctc").keyId() + ", a key revoked from ");
    }

    @Test
    void aDeliveryCountersignedWithARevokedKeyFailsAndSaysWhichSignature() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", Wire.registered("KE-REV-3"), 7);
        ConsumerRecord<String, byte[]> delivered = wire.ownCopy(ledger, "nctc");

        Verdict verdict = revoking("exchange", Instant.EPOCH).inspect(delivered).verdict();

        assertThat(verdict).hasFieldOrPropertyWithValue("failure", Verdict.Failure.KEY_REVOKED);
        assertThat(verdict.reason().orElseThrow()).startsWith("the exchange's countersignature: signed by exchange/");
    }
}
