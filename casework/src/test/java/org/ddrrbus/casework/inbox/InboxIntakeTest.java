package org.ddrrbus.casework.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.DeliveryTerms;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

/** What iom's service does with each record of its inbox, made as the exchange makes them and read without a broker. */
class InboxIntakeTest {

    private static final String PERSON = "KE-7Q2M-4XJD";

    /** One read-model update, as a projection saw it. */
    private record Applied(String type, String purpose, List<String> withheld) {}

    private final Wire wire = new Wire();
    private final List<Applied> applied = new ArrayList<>();
    private final List<ProducerRecord<String, byte[]>> setAside = new ArrayList<>();
    private final DeliveryTracker deliveries = new DeliveryTracker();
    private boolean projectionFails;

    private final InboxProjection projection = new InboxProjection() {
        @Override
        public void apply(Envelope envelope, String purpose) {
            throw new AssertionError("the intake passes what was withheld");
        }

        @Override
        public void apply(Envelope envelope, String purpose, List<String> withheld) {
            if (projectionFails) {
                throw new IllegalStateException("read model broken");
            }
            applied.add(new Applied(envelope.typeName(), purpose, withheld));
        }
    };

    private final InboxIntake iom = new InboxIntake(
            Wire.CODEC,
            new Agency("iom"),
            List.of(projection),
            deliveries,
            wire.verifier(),
            setAside::add,
            new SimpleMeterRegistry());

    private static ReferralIssued referral(String id) {
        return new ReferralIssued(
                PERSON,
                id,
                "iom",
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_2_WEEKS,
                "reintegration-support",
                "C-1");
    }

    private static String reasonOf(ProducerRecord<String, byte[]> quarantined) {
        return HeaderText.orEmpty(quarantined.headers(), Quarantine.REASON);
    }

    @Test
    void aCountersignedDeliveryReachesTheReadModelsWithItsPurposeAndWithheldFields() {
        ConsumerRecord<String, byte[]> ledger =
                wire.ledger("nctc", new ReferralAccepted(PERSON, "R-1", "iom", LocalDate.of(2026, 3, 9)), 1);

        iom.take(wire.delivery(ledger, "iom", "reintegration-support", "consent", Set.of("expectedStartOn")));

        assertThat(applied)
                .containsExactly(new Applied("ReferralAccepted", "reintegration-support", List.of("expectedStartOn")));
        assertThat(setAside).isEmpty();
        assertThat(iom.applied()).isEqualTo(1);
        assertThat(iom.quarantined()).isZero();
    }

    @Test
    void theAgencysOwnCopyIsItsAcceptanceAndTheExchangesNoticeItsRefusal() {
        ConsumerRecord<String, byte[]> own = wire.ledger("iom", referral("R-2"), 2);
        String acceptedId = HeaderText.orEmpty(own.headers(), CloudEventHeaders.ID);
        deliveries.published(acceptedId);

        iom.take(wire.ownCopy(own, "iom"));
        iom.take(refusalFromTheExchange("E-refused", 3));

        assertThat(deliveries.status(acceptedId))
                .map(DeliveryTracker.Status::state)
                .contains("accepted");
        assertThat(deliveries.status("E-refused")).hasValueSatisfying(status -> {
            assertThat(status.rejected()).isTrue();
            assertThat(status.reason()).isEqualTo("NO_CONSENT");
        });
        assertThat(applied).extracting(Applied::type).containsExactly("ReferralIssued", "DeliveryRejected");
        assertThat(applied).extracting(Applied::purpose).containsOnly("");
    }

    @Test
    void aDeliveryAlteredAfterTheExchangeCountersignedItIsSetAsideAndNotApplied() {
        ConsumerRecord<String, byte[]> delivered = wire.delivery(
                wire.ledger("nctc", referral("R-3"), 4), "iom", "reintegration-support", "consent", Set.of());
        ConsumerRecord<String, byte[]> altered = Wire.withHeader(delivered, DeliveryTerms.PURPOSE, "oversight");

        iom.take(altered);

        assertThat(applied).isEmpty();
        assertThat(setAside).singleElement().satisfies(q -> {
            assertThat(q.topic()).isEqualTo(Topics.quarantineOf("iom"));
            assertThat(reasonOf(q)).isEqualTo("BAD_SIGNATURE");
            assertThat(HeaderText.orEmpty(q.headers(), Quarantine.SOURCE_TOPIC)).isEqualTo(Topics.inbox("iom"));
            assertThat(q.value()).isEqualTo(altered.value());
        });
        assertThat(iom.quarantined()).isEqualTo(1);
    }

    @Test
    void aLedgerRecordCopiedIntoTheInboxWithoutTheExchangesCountersignatureIsSetAside() {
        ConsumerRecord<String, byte[]> ledger = wire.ledger("nctc", referral("R-4"), 5);
        ConsumerRecord<String, byte[]> copied =
                Wire.record(Topics.inbox("iom"), 5, ledger.key(), ledger.value(), ledger.headers());

        iom.take(copied);

        assertThat(applied).isEmpty();
        assertThat(setAside).hasSize(1);
        assertThat(reasonOf(setAside.get(0))).isNotBlank();
    }

    @Test
    void aRecordThatIsNotAnEventIsSetAsideAndTheNextOneStillApplied() {
        ConsumerRecord<String, byte[]> delivered = wire.delivery(
                wire.ledger("nctc", referral("R-5"), 6), "iom", "reintegration-support", "consent", Set.of());

        iom.take(Wire.withValue(delivered, "not avro".getBytes(StandardCharsets.UTF_8)));
        iom.take(delivered);

        assertThat(setAside).extracting(InboxIntakeTest::reasonOf).containsExactly("NOT_AVRO");
        assertThat(applied).extracting(Applied::type).containsExactly("ReferralIssued");
    }

    @Test
    void anEventNoReadModelCanApplyIsSetAsideAsFailedWithoutBlockingTheInbox() {
        ConsumerRecord<String, byte[]> first = wire.delivery(
                wire.ledger("nctc", referral("R-6"), 7), "iom", "reintegration-support", "consent", Set.of());
        ConsumerRecord<String, byte[]> second = wire.delivery(
                wire.ledger("nctc", referral("R-7"), 8), "iom", "reintegration-support", "consent", Set.of());

        projectionFails = true;
        iom.take(first);
        projectionFails = false;
        iom.take(second);

        assertThat(setAside)
                .singleElement()
                .satisfies(q -> assertThat(HeaderText.orEmpty(q.headers(), Quarantine.DETAIL))
                        .contains("IllegalStateException"));
        assertThat(iom.applied()).isEqualTo(1);
        assertThat(iom.quarantined()).isEqualTo(1);
    }

    @Test
    void aNoticeInTheExchangesNameSignedByAnotherKeyIsSetAside() {
        ProducerRecord<String, byte[]> notice =
                Wire.CODEC.seal(Topics.inbox("iom"), Wire.CODEC.envelope(Components.EXCHANGE, rejected("E-forged")));
        RecordSigner.sender(wire.key("nctc")).signEvents(List.of(notice.headers()), List.of(notice.value()));

        iom.take(Wire.record(notice.topic(), 9, notice.key(), notice.value(), notice.headers()));

        assertThat(deliveries.status("E-forged")).isEmpty();
        assertThat(setAside).hasSize(1);
        assertThat(applied).isEmpty();
    }

    /** What the exchange writes to a sender's inbox when it refuses its event: a notice signed with its own key. */
    private ConsumerRecord<String, byte[]> refusalFromTheExchange(String eventId, long offset) {
        ProducerRecord<String, byte[]> notice =
                Wire.CODEC.seal(Topics.inbox("iom"), Wire.CODEC.envelope(Components.EXCHANGE, rejected(eventId)));
        RecordSigner.sender(wire.key(Components.EXCHANGE))
                .signEvents(List.of(notice.headers()), List.of(notice.value()));
        return Wire.record(notice.topic(), offset, notice.key(), notice.value(), notice.headers());
    }

    private static DeliveryRejected rejected(String eventId) {
        return new DeliveryRejected(
                eventId,
                "org.ddrrbus.ReferralIssued",
                PERSON,
                RejectionReason.NO_CONSENT,
                "no consent for reintegration-support",
                Topics.outbox("iom"),
                0,
                12L);
    }
}
