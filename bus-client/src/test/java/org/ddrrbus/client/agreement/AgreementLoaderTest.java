package org.ddrrbus.client.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ddrrbus.events.EventCatalogue;
import org.junit.jupiter.api.Test;

class AgreementLoaderTest {

    private static final Path FILE = Path.of("../config/sharing-agreement.yaml");

    private final AgreementLoader loader = new AgreementLoader(EventCatalogue.get());

    private static String shipped() throws Exception {
        return Files.readString(FILE);
    }

    private AgreementException refusal(String yaml) {
        try {
            loader.parse(yaml, "sharing-agreement.yaml");
        } catch (AgreementException e) {
            return e;
        }
        throw new AssertionError("the agreement was accepted");
    }

    private static int lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in the yaml");
    }

    @Test
    void shippedAgreementCoversEveryEventAndAgency() {
        SharingAgreement agreement = AgreementLoader.load(FILE);

        assertThat(agreement.agencies())
                .containsOnlyKeys(
                        "nctc",
                        "iom",
                        "cicc",
                        "county",
                        "embassy-dk",
                        "embassy-de",
                        "embassy-nl",
                        "embassy-us",
                        "auditor");
        assertThat(agreement.events()).hasSize(EventCatalogue.get().types().size());
        assertThat(agreement.exchangingAgencies())
                .extracting(Agency::id)
                .containsExactly("cicc", "county", "iom", "nctc");
        assertThat(agreement.agenciesWith(Role.DONOR)).hasSize(4);
    }

    @Test
    void referralsAreAddressedAndNeedConsent() {
        EventPolicy referral =
                AgreementLoader.load(FILE).policy("ReferralIssued").orElseThrow();

        assertThat(referral.addressedBy()).contains("toAgency");
        assertThat(referral.maySend("nctc")).isTrue();
        assertThat(referral.maySend("cicc")).isFalse();
        assertThat(referral.routeTo("iom")).get().satisfies(r -> {
            assertThat(r.consentRequired()).isTrue();
            assertThat(r.allows("reintegration-support")).isTrue();
        });
        assertThat(referral.routeTo("embassy-dk")).isEmpty();
    }

    @Test
    void countySeesRegistrationWithoutHowThePersonCameIn() {
        Route route = AgreementLoader.load(FILE)
                .policy("ReturneeRegistered")
                .orElseThrow()
                .routeTo("county")
                .orElseThrow();

        assertThat(route.sees("ageBand")).isTrue();
        assertThat(route.sees("returnRoute")).isFalse();
    }

    @Test
    void unknownAgencyIsReportedWithItsLine() throws Exception {
        String yaml = shipped().replace("senders: [cicc]", "senders: [cicc, mosque-council]");

        AgreementException e = refusal(yaml);

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "mosque-council"));
            assertThat(p.message()).isEqualTo("unknown agency 'mosque-council' in senders of MentorshipSessionHeld");
        });
        assertThat(e.getMessage()).startsWith("sharing-agreement.yaml:" + lineOf(yaml, "mosque-council") + ": ");
    }

    @Test
    void unknownEventTypeIsReported() throws Exception {
        String yaml = shipped()
                .replace(
                        "  SubjectErased:",
                        "  SubjectErased:\n    senders: []\n    legalBasis: x\n    retention: P1Y\n    recipients: {}\n  SubjectForgotten:");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .contains("unknown event type 'SubjectForgotten'");
    }

    @Test
    void unknownFieldIsReported() throws Exception {
        String yaml = shipped()
                .replace(
                        "fields: [subjectRef, county, recordedOn]",
                        "fields: [subjectRef, county, recordedOn, nationality]");

        assertThat(refusal(yaml).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "nationality"));
            assertThat(p.message()).contains("unknown field 'nationality' of BorderReturnRecorded");
        });
    }

    @Test
    void recipientWithoutPurposeIsReported() throws Exception {
        String yaml = shipped()
                .replace(
                        "        purpose: community-services\n        consent: not-required\n        fields: [subjectRef, county, areaOfReturn",
                        "        consent: not-required\n        fields: [subjectRef, county, areaOfReturn");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .containsExactly("recipient county of ReturneeRegistered has no purpose");
    }

    @Test
    void requiredFieldCannotBeWithheld() throws Exception {
        String yaml = shipped().replace("fields: [subjectRef, county, recordedOn]", "fields: [subjectRef, recordedOn]");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .containsExactly(
                        "recipient county must see field 'county' of BorderReturnRecorded: only optional fields can be withheld");
    }

    @Test
    void misspelledKeyIsReportedNotIgnored() throws Exception {
        String yaml = shipped()
                .replaceFirst("legalBasis: Statutory border management", "legalbasis: Statutory border management");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .contains(
                        "unknown key 'legalbasis' in event BorderReturnRecorded (allowed: addressedBy, legalBasis, recipients, retention, senders)");
    }

    @Test
    void donorCannotReceiveEvents() throws Exception {
        String yaml = shipped()
                .replace(
                        "      county:\n        purpose: community-services\n        consent: not-required\n        fields: [subjectRef, county, recordedOn]",
                        "      embassy-us:\n        purpose: programme-monitoring\n        consent: not-required\n        fields: all");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .singleElement()
                .asString()
                .contains("agency 'embassy-us' has no inbox");
    }

    @Test
    void shippedAgreementListsThePlacesOfTheDemo() {
        Places places = AgreementLoader.load(FILE).places();

        assertThat(places.areasOf("Kwale")).containsExactly("Msambweni", "Lunga Lunga", "Matuga", "Kinango");
        assertThat(places.areasOf("Turkana")).isEmpty();
        assertThat(places.borderPoints()).containsExactly("Liboi", "Mandera Town", "Kiunga", "El Wak");
    }

    @Test
    void placeThatIsNotAPlaceNameIsReportedWithItsLine() throws Exception {
        String yaml = shipped().replace("Kwale: [Msambweni,", "Kwale: [Amina 0722 000000, Msambweni,");

        assertThat(refusal(yaml).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "Amina 0722"));
            assertThat(p.message())
                    .isEqualTo("area of Kwale 'Amina 0722 000000' must be a place name: 2 to 40 letters, spaces,"
                            + " ' or -, no digits");
        });
    }

    @Test
    void areasOfAPlaceThatIsNotACountyAreReported() throws Exception {
        String yaml = shipped().replace("    Kwale: [Msambweni", "    kwale: [Msambweni");

        assertThat(refusal(yaml).problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "kwale: ["));
            assertThat(p.message())
                    .isEqualTo("'kwale' in places.areas is not one of the 47 counties as the bus spells them (did"
                            + " you mean Kwale?)");
        });
    }

    @Test
    void placeListedTwiceAndMissingBorderPointsAreReported() throws Exception {
        String yaml = shipped()
                .replace("Lamu: [Mpeketoni, Lamu West, Faza]", "Lamu: [Mpeketoni, Lamu West, faza, Faza]")
                .replace("  borderPoints: [Liboi, Mandera Town, Kiunga, El Wak]\n", "");

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .containsExactly("area of Lamu 'Faza' is listed twice", "missing 'borderPoints'");
    }

    @Test
    void agreementWithoutPlacesIsRefused() throws Exception {
        String yaml = shipped().substring(0, shipped().indexOf("\nplaces:"));

        assertThat(refusal(yaml).problems())
                .extracting(AgreementException.Problem::message)
                .containsExactly("missing 'places'");
    }

    @Test
    void brokenYamlSaysWhere() {
        AgreementException e = refusal("version: 1\npurposes:\n  a: [unclosed\n");

        assertThat(e.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("not valid YAML"));
    }

    @Test
    void missingFileIsOneClearProblem() {
        assertThatThrownBy(() -> AgreementLoader.load(Path.of("no-such-agreement.yaml")))
                .isInstanceOf(AgreementException.class)
                .hasMessageEndingWith("file not found");
    }
}
