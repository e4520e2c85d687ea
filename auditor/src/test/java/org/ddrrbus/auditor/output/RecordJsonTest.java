package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private final Wire wire = new Wire();
    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private final Inspector inspector = new Inspector(agreement, Wire.CODEC, wire.verifier());

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(Map<String, Object> json) {
        return (Map<String, Object>) json.get("event");
    }

    @Test
    void aRecordIsOneReadableJsonLineWithItsVerification() {
        Inspection inspection = inspector.inspect(wire.ledger("nctc", Wire.registered("KE-J"), 12));

        String line = Json.write(RecordJson.of(
                inspection, Redaction.forPurpose(agreement, EventCatalogue.get(), Optional.of("oversight"))));

        assertThat(line)
                .doesNotContain("\n")
                .startsWith(
                        "{\"topic\":\"ddrr.outbox.nctc\",\"partition\":0,\"offset\":12,\"timestamp\":\"2026-01-01T00:00:00.012Z\","
                                + "\"key\":\"KE-J\",\"verification\":{\"status\":\"verified\",\"signedBy\":[\"nctc\"]},")
                .contains("\"source\":\"/agencies/nctc\"", "\"type\":\"org.ddrrbus.events.ReturneeRegistered\"")
                .endsWith(
                        "\"eventType\":\"ReturneeRegistered\",\"schemaVersion\":1,\"event\":{\"subjectRef\":\"KE-J\","
                                + "\"county\":\"Kwale\",\"areaOfReturn\":\"Msambweni\",\"ageBand\":\"AGE_18_24\",\"gender\":\"FEMALE\","
                                + "\"returnRoute\":\"VOLUNTARY_SURRENDER\",\"initialPhase\":\"DISENGAGEMENT\",\"registeredOn\":\"2026-03-02\"}}");
    }

    @Test
    void protectedFieldsAreMarkedRedactedAndListed() {
        Inspection inspection = inspector.inspect(wire.ledger("nctc", Wire.registered("KE-J"), 12));

        Map<String, Object> json = RecordJson.of(
                inspection, Redaction.forPurpose(agreement, EventCatalogue.get(), Optional.of("mentorship")));

        assertThat(event(json)).containsEntry("returnRoute", "[redacted]").containsEntry("county", "Kwale");
        assertThat(json.get("redacted")).isEqualTo(List.of("returnRoute"));
    }

    @Test
    void aDeliveryShowsTheTermsItWasDeliveredUnder() {
        var ledger = wire.ledger("nctc", Wire.registered("KE-J"), 12);
        Inspection inspection = inspector.inspect(wire.delivery(
                ledger,
                "county",
                "community-services",
                "Statutory mandate of the national DDRR programme",
                Set.of("returnRoute")));

        Map<String, Object> json =
                RecordJson.of(inspection, Redaction.forPurpose(agreement, EventCatalogue.get(), Optional.empty()));

        assertThat(json.get("delivery"))
                .isEqualTo(Map.of(
                        "purpose",
                        "community-services",
                        "legalBasis",
                        "Statutory mandate of the national DDRR programme",
                        "withheld",
                        List.of("returnRoute")));
        assertThat(event(json)).containsEntry("returnRoute", null);
        assertThat(json).doesNotContainKey("redacted");
    }

    @Test
    void textFromTheBusCannotBreakTheLine() {
        assertThat(Json.write(Map.of("k", "a\"b\\c\nd\u0001e\u2028")))
                .isEqualTo("{\"k\":\"a\\\"b\\\\c\\nd\\u0001e\\u2028\"}");
    }

    @Test
    void avroTextIsWrittenAsTextAndNumbersWithoutAJsonFormAsNull() {
        assertThat(Json.write(java.util.Map.of("t", new org.apache.avro.util.Utf8("KE-1"))))
                .isEqualTo("{\"t\":\"KE-1\"}");
        assertThat(Json.write(java.util.List.of(Double.NaN, 1.5))).isEqualTo("[null,1.5]");
    }
}
