package org.ddrrbus.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.ErasureConfirmed;
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

/** How the exchange carries out an erasure, on a real topology and real Avro, without a broker. */
class ErasureRoutingTest {

    private static final String SUBJECT = "KE-ERAS-0001";
    private ExchangeHarness exchange;

    @TempDir
    Path stateDir;

    @TempDir
    Path keyDir;

    private SubjectKeyStore keys;

    @BeforeEach
    void start() {
        keys = new SubjectKeyStore(keyDir, Clock.systemUTC());
        exchange = new ExchangeHarness(AgreementLoader.loadDefault(), stateDir, keys::destroy);
    }

    @AfterEach
    void stop() {
        exchange.close();
    }

    private void erased() {
        exchange.send("nctc", new ConsentRecorded(SUBJECT, "C-1", List.of("mentorship"), LocalDate.now(), null));
        exchange.send("nctc", erasure());
    }

    private static SubjectErased erasure() {
        return new SubjectErased(SUBJECT, LocalDate.now(), ErasureReason.PERSON_REQUEST);
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

    @Test
    void erasureReachesEveryRecipientDropsThePersonsFileAndTheExchangeConfirmsToTheCaseOwner() {
        erased();

        assertThat(exchange.inbox("iom")).containsExactly(erasure());
        assertThat(exchange.inbox("cicc")).containsExactly(erasure());
        assertThat(exchange.inbox("county")).containsExactly(erasure());
        List<SpecificRecord> nctc = exchange.inbox("nctc");
        assertThat(nctc).hasSize(3);
        assertThat(nctc.get(2)).isInstanceOfSatisfying(ErasureConfirmed.class, c -> {
            assertThat(c.getComponent()).isEqualTo(Components.EXCHANGE);
            assertThat(c.getSubjectRef()).isEqualTo(SUBJECT);
        });
        assertThat(exchange.file(SUBJECT).consents()).isEmpty();
        assertThat(exchange.file(SUBJECT).erasedOn()).contains(LocalDate.now());
    }

    @Test
    void erasureDestroysThePersonsKeysAndNoOneElses() {
        SubjectKeyId key = SubjectKeyId.of(SUBJECT, Period.ofYears(10), Instant.now());
        SubjectKeyId other = SubjectKeyId.of("KE-ERAS-0002", Period.ofYears(10), Instant.now());
        keys.keyFor(key);
        keys.keyFor(other);

        erased();

        assertThat(keys.find(key)).isEmpty();
        assertThat(keys.find(other)).isPresent();
    }

    @Test
    void aForgedConfirmationDestroysNoKey() {
        SubjectKeyId key = SubjectKeyId.of(SUBJECT, Period.ofYears(10), Instant.now());
        keys.keyFor(key);

        exchange.send("cicc", new ErasureConfirmed(SUBJECT, "some-id", "cicc", Instant.now()));

        assertThat(keys.find(key)).isPresent();
    }

    @Test
    void anEventAboutAnErasedPersonIsRefusedWithSubjectErasedAndTheSenderTold() {
        erased();
        exchange.inbox("nctc");
        exchange.inbox("cicc");

        exchange.send("nctc", phaseChange());

        assertThat(exchange.inbox("cicc")).isEmpty();
        assertThat(exchange.drain(Topics.QUARANTINE))
                .singleElement()
                .satisfies(q -> assertThat(ExchangeHarness.header(q.headers(), Quarantine.REASON))
                        .isEqualTo("SUBJECT_ERASED"));
        assertThat(exchange.inbox("nctc"))
                .singleElement()
                .isInstanceOfSatisfying(
                        DeliveryRejected.class,
                        r -> assertThat(r.getReason()).isEqualTo(RejectionReason.SUBJECT_ERASED));
    }

    @Test
    void aSecondErasureIsRefusedButConfirmationsOfTheFirstPassToTheCaseOwner() {
        erased();
        exchange.inbox("nctc");
        exchange.drain(Topics.inbox("cicc"));

        exchange.send("nctc", erasure());
        ErasureConfirmed confirmed = new ErasureConfirmed(SUBJECT, "some-id", "cicc", Instant.now());
        exchange.send("cicc", confirmed);

        assertThat(exchange.drain(Topics.QUARANTINE)).hasSize(1);
        assertThat(exchange.inbox("nctc")).hasSize(2).last().isEqualTo(confirmed);
    }

    @Test
    void aConfirmationOfAPersonNotErasedOrInAnotherComponentsNameIsRefused() {
        exchange.send("cicc", new ErasureConfirmed(SUBJECT, "some-id", "cicc", Instant.now()));
        erased();
        exchange.send("cicc", new ErasureConfirmed(SUBJECT, "some-id", "iom", Instant.now()));

        assertThat(exchange.drain(Topics.QUARANTINE))
                .extracting(q -> ExchangeHarness.header(q.headers(), Quarantine.REASON))
                .containsExactly("MALFORMED_BODY", "MALFORMED_BODY");
    }
}
