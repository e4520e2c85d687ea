package org.ddrrbus.exchange.places;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.quarantine.QuarantinedRecord;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A partner's own client can write its outbox without the service's checks: the exchange, on a real broker, refuses an
 * event that names a place the agreement does not list, tells the sender, and delivers nothing of it.
 */
class ListedPlacesIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();
    private static ConfigurableApplicationContext exchange;

    /** The exchange's state, its subject keys beside it and Tomcat's scratch, removed after the class. */
    @TempDir
    static Path state;

    @BeforeAll
    static void start() throws Exception {
        exchange = ExchangeApplication.application()
                .run(
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf("exchange"),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--ddrr.exchange.state-dir=" + state.resolve("exchange"),
                        "--server.tomcat.basedir=" + state.resolve("tomcat"));
    }

    @AfterAll
    static void stop() {
        exchange.close();
    }

    @Test
    void nameWrittenWhereTheAreaOfReturnBelongsIsRefusedAndNeverReachesTheCounty() {
        String subject = "KE-PLCE-0001";
        String listed = "KE-PLCE-0002";

        bus.publish("nctc", registered(subject, "Amina Hassan"), registered(listed, "Msambweni"));

        // The listed one after it arrives, so by then the refused one would have arrived too.
        bus.awaitRecords("county", Topics.inbox("county"), r -> listed.equals(r.key()), 1);
        assertThat(bus.readAll("auditor", Topics.inbox("county"))).noneMatch(r -> subject.equals(r.key()));
        DeliveryRejected notice =
                (DeliveryRejected) event(bus.awaitRecords("nctc", Topics.inbox("nctc"), r -> subject.equals(r.key()), 1)
                        .get(0));
        assertThat(notice.getReason()).isEqualTo(RejectionReason.MALFORMED_BODY);
        assertThat(notice.getDetail())
                .isEqualTo("body is not a valid ReturneeRegistered: areaOfReturn 'Amina Hassan' is not a place listed"
                        + " under places.areas.Kwale of the sharing agreement (listed: Kinango, Lunga Lunga, Matuga,"
                        + " Msambweni)");
        QuarantinedRecord quarantined =
                QuarantinedRecord.from(bus.awaitRecords("auditor", Topics.QUARANTINE, r -> subject.equals(r.key()), 1)
                        .get(0));
        assertThat(quarantined.reason()).isEqualTo("MALFORMED_BODY");
    }

    @Test
    void communityRiskInAnUnlistedAreaIsRefused() {
        bus.publish(
                "county",
                new CommunityRiskAssessed(
                        "Lamu", "call 0722 000 000", RiskLevel.HIGH, List.of(), LocalDate.of(2026, 1, 5)));
        bus.publish("county", new CommunityRiskAssessed("Lamu", "Faza", RiskLevel.LOW, List.of(), LocalDate.now()));

        List<ConsumerRecord<String, byte[]>> told = bus.awaitRecords(
                "county",
                Topics.inbox("county"),
                r -> event(r) instanceof DeliveryRejected rejected
                        && rejected.getDetail().contains("call 0722"),
                1);
        assertThat(((DeliveryRejected) event(told.get(0))).getReason()).isEqualTo(RejectionReason.MALFORMED_BODY);
        bus.awaitRecords(
                "nctc",
                Topics.inbox("nctc"),
                r -> event(r) instanceof CommunityRiskAssessed risk
                        && risk.getArea().equals("Faza"),
                1);
        assertThat(bus.readAll("auditor", Topics.inbox("nctc")))
                .noneMatch(r -> event(r) instanceof CommunityRiskAssessed risk
                        && risk.getArea().contains("0722"));
    }

    private static ReturneeRegistered registered(String subject, String area) {
        return new ReturneeRegistered(
                subject,
                "Kwale",
                area,
                AgeBand.AGE_25_34,
                Gender.MALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.now());
    }

    private static SpecificRecord event(ConsumerRecord<String, byte[]> record) {
        return codec.open(record) instanceof Opened.Valid valid
                ? valid.envelope().event()
                : null;
    }
}
