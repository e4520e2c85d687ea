package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.test.TestRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events sealed under the person's key: the exchange opens them with the key it holds, checks and routes them as any
 * other, delivers them sealed, and seals the copies it minimises under the same key; once the person is erased no
 * copy opens.
 */
class SealedRoutingTest {

    private static final String SUBJECT = "KE-SEAL-0001";
    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private ExchangeHarness exchange;
    private EventCodec sealing;
    private SubjectKeyStore keys;

    @TempDir
    Path stateDir;

    @TempDir
    Path keyDir;

    @TempDir
    Path strangerKeyDir;

    @BeforeEach
    void start() {
        keys = new SubjectKeyStore(keyDir, Clock.systemUTC());
        sealing = new EventCodec().sealingWith(SubjectCipher.of(keys, agreement));
        // As under ./ddrr up, where every partner seals: a plain value of a sealed type is refused.
        exchange = new ExchangeHarness(
                agreement, stateDir, keys::destroy, keys::recordDelivery, sealing.requiringSealed());
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private static PhaseChanged phaseChange() {
        return new PhaseChanged(
                SUBJECT,
                "Kwale",
                Phase.DISENGAGEMENT,
                Phase.DERADICALISATION,
                PhaseChangeReason.ASSESSMENT_COMPLETED,
                LocalDate.now());
    }

    private TestRecord<String, byte[]> phaseChangeDeliveredToCicc() {
        exchange.send("nctc", new ConsentRecorded(SUBJECT, "C-1", List.of("mentorship"), LocalDate.now(), null));
        exchange.send("nctc", phaseChange());
        return exchange.drain(Topics.inbox("cicc")).stream()
                .filter(r -> SubjectCipher.isSealed(r.value()))
                .findFirst()
                .orElseThrow();
    }

    private Opened open(EventCodec codec, TestRecord<String, byte[]> record) {
        return codec.open(new RecordOrigin(Topics.inbox("cicc"), 0, 0, record.key()), record.headers(), record.value());
    }

    @Test
    void theCopyWithFieldsWithheldIsSealedUnderTheSendersKeyAndOpensOnlyWithIt() {
        TestRecord<String, byte[]> delivered = phaseChangeDeliveredToCicc();

        assertThat(ExchangeHarness.header(delivered.headers(), DeliveryTerms.WITHHELD))
                .isEqualTo("reason");
        assertThat(SubjectCipher.parse(delivered.value()).keyId())
                .isEqualTo(SubjectKeyId.of(SUBJECT, Period.ofYears(10), Instant.now()));
        assertThat(new String(delivered.value(), StandardCharsets.ISO_8859_1)).doesNotContain("Kwale");
        assertThat(open(sealing, delivered)).isInstanceOfSatisfying(Opened.Valid.class, valid -> {
            PhaseChanged event = (PhaseChanged) valid.envelope().event();
            assertThat(event.getToPhase()).isEqualTo(Phase.DERADICALISATION);
            assertThat(event.getReason()).isNull();
        });
        assertThat(open(new EventCodec(), delivered))
                .isInstanceOfSatisfying(
                        Opened.Refused.class,
                        refused -> assertThat(refused.rejection()).isInstanceOf(Rejection.KeyUnavailable.class));
        // The key holder may give the key to whom the person's sealed events went (the sender's copy included) alone.
        assertThat(keys.delivered(SUBJECT, "cicc")).isTrue();
        assertThat(keys.delivered(SUBJECT, "nctc")).isTrue();
        assertThat(keys.delivered(SUBJECT, "iom"))
                .as("no consent covers iom's purpose")
                .isFalse();
    }

    @Test
    void aPlainValueOfATypeThatMustBeSealedIsRefusedAndTheSenderTold() {
        EventCodec plain = new EventCodec();
        ProducerRecord<String, byte[]> record =
                exchange.signed("nctc", plain.seal(Topics.outbox("nctc"), plain.envelope("nctc", phaseChange())));

        exchange.send("nctc", record);

        assertThat(exchange.drain(Topics.QUARANTINE)).singleElement().satisfies(q -> {
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON)).isEqualTo("MALFORMED_BODY");
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.DETAIL))
                    .isEqualTo(new Rejection.NotSealed("PhaseChanged").detail());
        });
        assertThat(exchange.inbox("nctc"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        notice -> assertThat(notice.getReason()).isEqualTo(RejectionReason.MALFORMED_BODY));
        assertThat(exchange.drain(Topics.inbox("cicc"))).isEmpty();
        // The erasure's own events hold nothing but the case code, and stay readable: never refused as plain.
        exchange.send("nctc", new SubjectErased(SUBJECT, LocalDate.now(), ErasureReason.PERSON_REQUEST));
        assertThat(exchange.drain(Topics.QUARANTINE)).isEmpty();
        assertThat(keys.delivered(SUBJECT, "nctc"))
                .as("nothing sealed was delivered")
                .isFalse();
    }

    @Test
    void aPlainValueIsJudgedForItsSignatureFirstAndARefusedPlainValueIsNotTakenTwice() {
        EventCodec plain = new EventCodec();
        // iom's login, nctc's key: a forgery is refused as one, not as a plain value, whatever its body.
        ProducerRecord<String, byte[]> forged =
                exchange.signed("nctc", plain.seal(Topics.outbox("iom"), plain.envelope("iom", phaseChange())));
        exchange.send("iom", forged);

        assertThat(exchange.drain(Topics.QUARANTINE))
                .singleElement()
                .satisfies(q -> assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON))
                        .isEqualTo("SOURCE_MISMATCH"));

        // A plain value from its signer is refused as plain, and its sequence number spent like any other refusal's.
        ProducerRecord<String, byte[]> own =
                exchange.signed("nctc", plain.seal(Topics.outbox("nctc"), plain.envelope("nctc", phaseChange())));
        exchange.send("nctc", own);
        exchange.send("nctc", own);

        assertThat(exchange.drain(Topics.QUARANTINE))
                .extracting(q -> ExchangeHarness.header(q.headers(), Quarantine.REASON))
                .containsExactly("MALFORMED_BODY", "REPLAYED");
    }

    @Test
    void onceThePersonIsErasedNoDeliveredCopyOpensAnyMore() {
        TestRecord<String, byte[]> delivered = phaseChangeDeliveredToCicc();

        exchange.send("nctc", new SubjectErased(SUBJECT, LocalDate.now(), ErasureReason.PERSON_REQUEST));

        assertThat(open(sealing, delivered))
                .isInstanceOfSatisfying(
                        Opened.Refused.class,
                        refused -> assertThat(refused.rejection()).isInstanceOf(Rejection.KeyUnavailable.class));
        assertThat(exchange.inbox("cicc")).singleElement().isInstanceOf(SubjectErased.class);
    }

    @Test
    void thePersonsFileIsSealedOnTheChangelogAndItsEarlierVersionNoLongerOpensOnceThePersonIsErased() {
        exchange.send("nctc", new ConsentRecorded(SUBJECT, "C-SEAL-REF", List.of("mentorship"), LocalDate.now(), null));
        byte[] before = exchange.storedFile(SUBJECT);

        // What the changelog receives: sealed under the person's key, the consent ref nowhere in clear.
        assertThat(SubjectCipher.isSealed(before)).isTrue();
        assertThat(SubjectCipher.parse(before).keyId().subjectRef()).isEqualTo(SUBJECT);
        assertThat(new String(before, StandardCharsets.ISO_8859_1)).doesNotContain("C-SEAL-REF");
        assertThat(exchange.file(SUBJECT).consent("C-SEAL-REF")).isPresent();

        exchange.send("nctc", new SubjectErased(SUBJECT, LocalDate.now(), ErasureReason.PERSON_REQUEST));

        // The erased mark stays in clear (it holds the case code and the day), and the earlier version, as a changelog
        // not yet compacted keeps it, opens no more: its key is gone.
        assertThat(SubjectCipher.isSealed(exchange.storedFile(SUBJECT))).isFalse();
        assertThat(exchange.file(SUBJECT).isErased()).isTrue();
        assertThat(keys.find(SubjectCipher.parse(before).keyId())).isEmpty();
    }

    @Test
    void aPersonsFileStaysPlainWhenTheirEventsArePlain() {
        ExchangeHarness unsealed = new ExchangeHarness(agreement, strangerKeyDir, subject -> {}, sealing);
        try {
            EventCodec plain = new EventCodec();
            unsealed.send(
                    "nctc",
                    unsealed.signed(
                            "nctc",
                            plain.seal(
                                    Topics.outbox("nctc"),
                                    plain.envelope(
                                            "nctc",
                                            new ConsentRecorded(
                                                    SUBJECT,
                                                    "C-PLAIN",
                                                    List.of("mentorship"),
                                                    LocalDate.now(),
                                                    null)))));

            assertThat(SubjectCipher.isSealed(unsealed.storedFile(SUBJECT))).isFalse();
            assertThat(unsealed.file(SUBJECT).consent("C-PLAIN")).isPresent();
        } finally {
            unsealed.close();
        }
    }

    @Test
    void anEventSealedUnderAKeyTheExchangeDoesNotHoldIsRefusedAsUnreadable() {
        EventCodec stranger = new EventCodec()
                .sealingWith(SubjectCipher.of(new SubjectKeyStore(strangerKeyDir, Clock.systemUTC()), agreement));
        ProducerRecord<String, byte[]> record =
                exchange.signed("nctc", stranger.seal(Topics.outbox("nctc"), stranger.envelope("nctc", phaseChange())));

        exchange.send("nctc", record);

        assertThat(exchange.drain(Topics.QUARANTINE)).singleElement().satisfies(q -> {
            assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON)).isEqualTo("SUBJECT_ERASED");
            assertThat(q.value()).isEqualTo(record.value());
        });
    }
}
