package org.ddrrbus.casework.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ServiceKind;
import org.junit.jupiter.api.Test;

class CrossingTest {

    private static final String PERSON = "SO-7Q2M-4XJD";
    private final EventCodec codec = new EventCodec();

    private static Headers headers(String... nameValue) {
        Headers headers = new RecordHeaders();
        for (int i = 0; i < nameValue.length; i += 2) {
            headers.add(nameValue[i], nameValue[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }

    private Envelope referral(String sender) {
        return codec.envelope(
                sender,
                new ReferralIssued(
                        PERSON,
                        "RF-1",
                        "iom",
                        "Mandera",
                        List.of(ServiceKind.INFORMATION_COUNSELLING),
                        Priority.WITHIN_72_HOURS,
                        "border-management",
                        "CR-1"));
    }

    @Test
    void anEventInTheExchangesNameThatCrossedNamesTheBusAndAgencyItCameFrom() {
        Crossing crossing = Crossing.of(
                referral("exchange"),
                headers(FederationHeaders.FROM_BUS, "so", FederationHeaders.SENDER, "iom"),
                "iom");

        assertThat(crossing).isEqualTo(Crossing.arrived("so", "iom"));
    }

    @Test
    void onlyTheExchangesOwnEventsAndTheAgencysOwnCopiesAreReadForACrossing() {
        Headers foreign = headers(
                FederationHeaders.FROM_BUS, "so", FederationHeaders.SENDER, "iom", FederationHeaders.TO_BUS, "so");

        // Another agency's event cannot claim to come from another bus, nor to go back to one.
        assertThat(Crossing.of(referral("nctc"), foreign, "iom")).isEqualTo(Crossing.NONE);
        // The exchange's event must name both the bus and the agency.
        assertThat(Crossing.of(referral("exchange"), headers(FederationHeaders.FROM_BUS, "so"), "iom"))
                .isEqualTo(Crossing.NONE);
        // The agency's own answer, marked by its exchange, goes back to bus so.
        Envelope answer = codec.envelope("iom", new ReferralAccepted(PERSON, "RF-1", "iom", null));
        assertThat(Crossing.of(answer, headers(FederationHeaders.TO_BUS, "so"), "iom"))
                .isEqualTo(Crossing.answering("so"));
        assertThat(Crossing.of(answer, new RecordHeaders(), "iom")).isEqualTo(Crossing.NONE);
    }
}
