package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.federation.link.ErasureFixture.CODEC;
import static org.ddrrbus.federation.link.ErasureFixture.NATIONAL;
import static org.ddrrbus.federation.link.ErasureFixture.envelope;
import static org.ddrrbus.federation.link.ErasureFixture.read;
import static org.ddrrbus.federation.link.ErasureFixture.signed;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bus ke's inlet does with an erasure, or a confirmation of one, that crossed from bus so; without a broker. */
class InletErasuresTest {

    private static final String INCOMING = FederationTopics.flow("so", "ke");
    private static final String BACK = FederationTopics.flow("ke", "so");

    private final SigningKey soExchange = SigningKey.generate(Components.EXCHANGE);
    private final SigningKey keExchange = SigningKey.generate(Components.EXCHANGE);
    private final List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> deliveries = new ArrayList<>();

    @TempDir
    Path folder;

    private SubjectKeyStore keys;
    private EventCodec sealing;
    private InletErasures erasures;

    @BeforeEach
    void inlet() {
        FederationAgreement agreement = ErasureFixture.agreement();
        keys = new SubjectKeyStore(folder, Clock.systemUTC());
        SubjectCipher cipher = SubjectCipher.of(keys, NATIONAL);
        sealing = new EventCodec().sealingWith(cipher);
        SignatureVerifier foreign = new SignatureVerifier(KeyRing.of(soExchange));
        RecordSigner author = RecordSigner.sender(() -> keExchange);
        erasures = new InletErasures(
                agreement.bus("ke"),
                agreement.bus("so"),
                NATIONAL,
                foreign,
                author,
                keys,
                new InletRefusals("ke", "so", NATIONAL, foreign, author, CODEC),
                new InletMemory(FederationTopics.seen("so", "ke"), CODEC, cipher));
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        assertThat(InletErasures.handles(envelope(record))).isTrue();
        erasures.take(record, envelope(record), out, deliveries);
    }

    /** Something of the person delivered on ke, sealed under ke's key of them. */
    private ConsumerRecord<String, byte[]> heldOn(String subjectRef) {
        return read(sealing.seal(
                Topics.inbox("nctc"),
                sealing.envelope(
                        Components.EXCHANGE,
                        new BorderReturnRecorded(subjectRef, "Mandera", "El Wak", null, LocalDate.now()))));
    }

    private static SubjectErased erasureOf(String subjectRef) {
        return new SubjectErased(subjectRef, LocalDate.now(), ErasureReason.PERSON_REQUEST);
    }

    private static List<String> topics(List<ProducerRecord<String, byte[]>> records) {
        return records.stream().map(ProducerRecord::topic).toList();
    }

    private static SpecificRecord event(ProducerRecord<String, byte[]> record) {
        return CODEC.decode(record.value());
    }

    private static String reason(ProducerRecord<String, byte[]> quarantined) {
        return HeaderText.of(quarantined.headers(), Quarantine.REASON).orElseThrow();
    }

    @Test
    void anErasureFromTheBusThatIssuedTheCaseCodeDestroysTheKeysDeliversItAndConfirmsBack() {
        ConsumerRecord<String, byte[]> held = heldOn("SO-7Q2M-4XJD");
        assertThat(sealing.open(held)).isInstanceOf(Opened.Valid.class);
        ConsumerRecord<String, byte[]> erasure =
                signed(INCOMING, Components.EXCHANGE, erasureOf("SO-7Q2M-4XJD"), soExchange);

        take(erasure);

        // ke's keys of the person are gone: what arrived of them opens no more here.
        assertThat(keys.erased("SO-7Q2M-4XJD")).isTrue();
        assertThat(sealing.open(held))
                .isInstanceOfSatisfying(
                        Opened.Refused.class,
                        refused -> assertThat(refused.rejection()).isInstanceOf(Rejection.KeyUnavailable.class));
        // Delivered to every agency ke's agreement names for SubjectErased, and to the national exchange's arrivals.
        assertThat(topics(deliveries))
                .containsExactly(
                        Topics.inbox("cicc"),
                        Topics.inbox("county"),
                        Topics.inbox("iom"),
                        Topics.inbox("nctc"),
                        Topics.ARRIVALS);
        assertThat(deliveries).allSatisfy(d -> {
            assertThat(envelope(read(d)).id()).isEqualTo(envelope(erasure).id());
            assertThat(envelope(read(d)).sender()).isEqualTo(Components.EXCHANGE);
            assertThat(FederationHeaders.fromBus(d.headers())).hasValue("so");
            assertThat(event(d)).isEqualTo(erasureOf("SO-7Q2M-4XJD"));
        });
        // ke's exchange confirms back, in its own name, as bus ke, signed with its key.
        assertThat(topics(out)).containsExactly(BACK);
        assertThat(event(out.get(0))).isInstanceOfSatisfying(ErasureConfirmed.class, confirmed -> {
            assertThat(confirmed.getComponent()).isEqualTo("bus ke");
            assertThat(confirmed.getErasureId()).isEqualTo(envelope(erasure).id());
            assertThat(confirmed.getSubjectRef()).isEqualTo("SO-7Q2M-4XJD");
        });
        assertThat(new SignatureVerifier(KeyRing.of(keExchange))
                        .checkEvent(out.get(0).headers(), out.get(0).value(), System.currentTimeMillis())
                        .refusalUnlessSignedBy(Components.EXCHANGE))
                .isEmpty();
    }

    @Test
    void anErasureFromABusThatDidNotIssueTheCaseCodeIsRefusedAndDestroysNothing() {
        ConsumerRecord<String, byte[]> held = heldOn("KE-7Q2M-4XJD");

        take(signed(INCOMING, Components.EXCHANGE, erasureOf("KE-7Q2M-4XJD"), soExchange));

        assertThat(keys.erased("KE-7Q2M-4XJD")).isFalse();
        assertThat(sealing.open(held)).isInstanceOf(Opened.Valid.class);
        assertThat(deliveries).isEmpty();
        assertThat(topics(out)).containsExactly(Topics.QUARANTINE, BACK);
        assertThat(reason(out.get(0))).isEqualTo(RejectionReason.INVALID_SUBJECT.name());
        assertThat(event(out.get(1)))
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        notice -> assertThat(notice.getReason()).isEqualTo(RejectionReason.INVALID_SUBJECT));
    }

    @Test
    void anErasureNotSignedByTheOtherBussExchangeIsRefused() {
        SigningKey untrusted = SigningKey.generate(Components.EXCHANGE);

        take(signed(INCOMING, Components.EXCHANGE, erasureOf("SO-7Q2M-4XJD"), untrusted));

        assertThat(keys.erased("SO-7Q2M-4XJD")).isFalse();
        assertThat(deliveries).isEmpty();
        assertThat(topics(out)).containsExactly(Topics.QUARANTINE, BACK);
        assertThat(reason(out.get(0))).isEqualTo(RejectionReason.BAD_SIGNATURE.name());
    }

    @Test
    void theOtherBussConfirmationOfAPersonErasedHereGoesToTheCaseOwnerOnly() {
        keys.destroy("KE-7Q2M-4XJD");
        ConfirmedBy so = new ConfirmedBy("bus so");

        take(signed(INCOMING, Components.EXCHANGE, so.of("KE-7Q2M-4XJD"), soExchange));

        assertThat(out).isEmpty();
        assertThat(topics(deliveries)).containsExactly(Topics.inbox("nctc"));
        assertThat(FederationHeaders.fromBus(deliveries.get(0).headers())).hasValue("so");
        assertThat(event(deliveries.get(0))).isEqualTo(so.of("KE-7Q2M-4XJD"));
    }

    @Test
    void aConfirmationOfAPersonNotErasedHereOrInAnotherNameOrOfTheOtherBussCaseCodeIsRefused() {
        keys.destroy("KE-9X3N-7PQR");
        take(signed(INCOMING, Components.EXCHANGE, new ConfirmedBy("bus so").of("KE-7Q2M-4XJD"), soExchange));
        take(signed(INCOMING, Components.EXCHANGE, new ConfirmedBy("bus ke").of("KE-9X3N-7PQR"), soExchange));
        take(signed(INCOMING, Components.EXCHANGE, new ConfirmedBy("bus so").of("SO-7Q2M-4XJD"), soExchange));

        assertThat(deliveries).isEmpty();
        assertThat(out.stream().filter(r -> r.topic().equals(Topics.QUARANTINE)))
                .extracting(InletErasuresTest::reason)
                .containsExactly(
                        RejectionReason.MALFORMED_BODY.name(),
                        RejectionReason.MALFORMED_BODY.name(),
                        RejectionReason.INVALID_SUBJECT.name());
    }

    private record ConfirmedBy(String component) {
        ErasureConfirmed of(String subjectRef) {
            return new ErasureConfirmed(subjectRef, "erasure-1", component, Instant.parse("2026-12-05T07:00:00Z"));
        }
    }
}
