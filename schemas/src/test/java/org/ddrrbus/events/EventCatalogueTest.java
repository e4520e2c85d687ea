package org.ddrrbus.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class EventCatalogueTest {

    private static String resource(String path) throws Exception {
        try (InputStream in = EventCatalogueTest.class.getResourceAsStream("/ddrr-schemas/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void everyEventOfTheDesignCatalogueHasASchema() throws Exception {
        List<String> index = resource("index").lines().toList();

        assertThat(index)
                .contains(
                        "ReturneeRegistered/v1.avsc",
                        "PhaseChanged/v1.avsc",
                        "RiskAssessed/v1.avsc",
                        "CommunityRiskAssessed/v1.avsc",
                        "ConsentRecorded/v1.avsc",
                        "ConsentWithdrawn/v1.avsc",
                        "ReferralIssued/v1.avsc",
                        "ReferralAccepted/v1.avsc",
                        "ReferralDeclined/v1.avsc",
                        "ReferralCompleted/v1.avsc",
                        "ReferralWithdrawn/v1.avsc",
                        "MentorshipSessionHeld/v1.avsc",
                        "SupportDelivered/v1.avsc",
                        "BorderReturnRecorded/v1.avsc",
                        "DeliveryRejected/v1.avsc",
                        "SubjectErased/v1.avsc",
                        "SubjectErased/v2.avsc",
                        "ErasureConfirmed/v1.avsc",
                        "ErasureReceipt/v1.avsc");
    }

    @Test
    void generatedClassesMatchTheLatestSchemaFiles() throws Exception {
        Schema fromFile = new Schema.Parser().parse(resource("ReferralIssued/v1.avsc"));

        assertThat(SchemaNormalization.parsingFingerprint64(ReferralIssued.getClassSchema()))
                .isEqualTo(SchemaNormalization.parsingFingerprint64(fromFile));
    }

    @Test
    void generatedClassesWriteSingleObjectEncoding() throws Exception {
        ReferralIssued referral = new ReferralIssued(
                "KE-7Q2M-4XJD",
                "REF-1",
                "iom",
                "Kwale",
                List.of(ServiceKind.LIVELIHOOD),
                Priority.WITHIN_72_HOURS,
                "reintegration-support",
                "CONSENT-1");

        EventCatalogue.get();
        ByteBuffer encoded = referral.toByteBuffer();

        assertThat(encoded.get(0)).isEqualTo((byte) 0xC3);
        assertThat(encoded.get(1)).isEqualTo((byte) 0x01);
        assertThat(ReferralIssued.fromByteBuffer(encoded)).isEqualTo(referral);
    }

    @Test
    void catalogueFindsEachTypeByItsFingerprintAndCloudEventType() {
        EventCatalogue catalogue = EventCatalogue.get();
        long fingerprint = SchemaNormalization.parsingFingerprint64(ReferralIssued.getClassSchema());

        assertThat(catalogue.types()).hasSize(20);
        assertThat(catalogue.byFingerprint(fingerprint))
                .get()
                .satisfies(e -> assertThat(e.getKey().javaClass()).isEqualTo(ReferralIssued.class));
        assertThat(catalogue.byCloudEventType("org.ddrrbus.events.ReferralIssued"))
                .get()
                .extracting(EventType::javaClass)
                .isEqualTo(ReferralIssued.class);
        assertThat(catalogue.byCloudEventType("ReferralIssued")).isEmpty();
    }

    @Test
    void datesAreTypedAsLocalDate() {
        ReturneeRegistered registered = ReturneeRegistered.newBuilder()
                .setSubjectRef("KE-1")
                .setCounty("Kwale")
                .setAreaOfReturn("Msambweni")
                .setAgeBand(AgeBand.AGE_25_34)
                .setGender(Gender.FEMALE)
                .setInitialPhase(Phase.DISENGAGEMENT)
                .setRegisteredOn(LocalDate.of(2026, 11, 2))
                .build();

        assertThat(registered.getRegisteredOn()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(registered.getReturnRoute()).isNull();
    }

    /** The exchange's state is gated like the events but never becomes one. */
    @Test
    void theStateSchemasAreNotEvents() throws Exception {
        assertThat(resource("index").lines()).noneMatch(line -> line.startsWith("SubjectState/"));
        assertThat(EventCatalogue.get().byName("SubjectState")).isEmpty();
        try (InputStream in = EventCatalogueTest.class.getResourceAsStream("/ddrr-state-schemas/index")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines())
                    .contains("SubjectState/v1.avsc");
        }
    }
}
