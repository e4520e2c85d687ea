package org.ddrrbus.casework.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.inbox.Crossing;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.ErasureConfirmation;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.SubjectErased;
import org.junit.jupiter.api.Test;

/** The case owner's bookkeeping of an erasure that left for a linked bus: the receipt waits for that bus too. */
class ErasuresTest {

    private static final String PERSON = "SO-7Q2M-4XJD";
    private static final Instant CONFIRMED_AT = Instant.parse("2026-12-05T07:00:00Z");

    private final EventCodec codec = new EventCodec();
    private final Erasures erasures = new Erasures(new Agency("nctc"), null, AgreementLoader.loadDefault());

    private Envelope as(String sender, SpecificRecord event) {
        return codec.envelope(sender, event);
    }

    private void take(Envelope envelope, Crossing crossing) {
        erasures.apply(envelope, "", List.of(), crossing);
    }

    private static ErasureConfirmed confirmation(String erasureId, String component) {
        return new ErasureConfirmed(PERSON, erasureId, component, CONFIRMED_AT);
    }

    /** nctc's erasure, the exchange's notice that it left for bus ke, and every component of this bus confirming. */
    private String erasedAndLeftForKe() {
        Envelope erasure = as("nctc", new SubjectErased(PERSON, LocalDate.now(), ErasureReason.PERSON_REQUEST));
        take(erasure, Crossing.NONE);
        Envelope left = new Envelope(
                erasure.id(),
                Components.EXCHANGE,
                erasure.time(),
                PERSON,
                erasure.event(),
                erasure.type(),
                erasure.schemaVersion());
        take(left, Crossing.answering("ke"));
        for (String component : List.of("exchange", "nctc", "iom", "cicc", "county", "dashboard")) {
            String sender = component.equals("exchange") ? Components.EXCHANGE : component;
            take(as(sender, confirmation(erasure.id(), component)), Crossing.NONE);
        }
        return erasure.id();
    }

    @Test
    void anErasureThatLeftForALinkedBusAwaitsThatBusAfterEveryComponentHere() {
        String erasureId = erasedAndLeftForKe();

        assertThat(erasures.of(PERSON)).hasValueSatisfying(erasure -> {
            assertThat(erasure.awaiting()).containsExactly("bus ke");
            assertThat(erasure.confirmations()).hasSize(6);
            assertThat(erasure.receiptId()).isNull();
        });
        // Not a confirmation of bus ke: one in the exchange's name that did not cross, one that crossed from another
        // bus, one of bus ke that names another component.
        take(as(Components.EXCHANGE, confirmation(erasureId, "bus ke")), Crossing.NONE);
        take(as(Components.EXCHANGE, confirmation(erasureId, "bus ke")), Crossing.arrived("ug", "exchange"));
        take(as(Components.EXCHANGE, confirmation(erasureId, "iom")), Crossing.arrived("ke", "exchange"));
        assertThat(erasures.of(PERSON).orElseThrow().awaiting()).containsExactly("bus ke");
    }

    @Test
    void theLinkedBussConfirmationCompletesTheErasureAndItsReceiptListsIt() {
        String erasureId = erasedAndLeftForKe();
        Envelope fromKe = as(Components.EXCHANGE, confirmation(erasureId, "bus ke"));

        take(fromKe, Crossing.arrived("ke", "exchange"));

        Erasure erasure = erasures.of(PERSON).orElseThrow();
        assertThat(erasure.awaiting()).isEmpty();
        assertThat(Erasures.receipt(erasure).getConfirmations())
                .contains(new ErasureConfirmation("bus ke", CONFIRMED_AT, fromKe.id()))
                .hasSize(7);
    }

    @Test
    void anErasureThatStayedHomeAwaitsNoLinkedBus() {
        Envelope erasure = as("nctc", new SubjectErased(PERSON, LocalDate.now(), ErasureReason.PERSON_REQUEST));
        take(erasure, Crossing.NONE);
        for (String component : List.of("exchange", "nctc", "iom", "cicc", "county", "dashboard")) {
            String sender = component.equals("exchange") ? Components.EXCHANGE : component;
            take(as(sender, confirmation(erasure.id(), component)), Crossing.NONE);
        }

        assertThat(erasures.of(PERSON).orElseThrow().awaiting()).isEmpty();
    }
}
