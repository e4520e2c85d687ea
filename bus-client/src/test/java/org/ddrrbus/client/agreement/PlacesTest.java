package org.ddrrbus.client.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskLevel;
import org.junit.jupiter.api.Test;

class PlacesTest {

    private final Places places =
            new Places(Map.of("Kwale", List.of("Msambweni", "Lunga Lunga"), "Lamu", List.of("Faza")), List.of("Liboi"));

    @Test
    void listedSpellingIsFoundWhateverTheCaseAndSpacing() {
        assertThat(places.area("Kwale", "  lunga   LUNGA ")).contains("Lunga Lunga");
        assertThat(places.area("Lamu", "Msambweni")).isEmpty();
        assertThat(places.borderPoint("liboi")).contains("Liboi");
        assertThat(places.borderPoint("Amina Hassan")).isEmpty();
    }

    @Test
    void eventNamingOnlyListedPlacesPasses() {
        assertThat(places.unlisted(registered("Kwale", "Msambweni"))).isEmpty();
        assertThat(places.unlisted(new BorderReturnRecorded("KE-AAAA-BBBB", "Lamu", null, "SO", LocalDate.now())))
                .isEmpty();
        assertThat(places.unlisted(new PhaseChanged(
                        "KE-AAAA-BBBB",
                        "Turkana",
                        Phase.DISENGAGEMENT,
                        Phase.DERADICALISATION,
                        PhaseChangeReason.values()[0],
                        LocalDate.now())))
                .isEmpty();
    }

    @Test
    void nameWhereAnAreaBelongsIsUnlistedWithTheListItMissed() {
        Places.Unlisted unlisted =
                places.unlisted(registered("Kwale", "Amina Hassan")).orElseThrow();

        assertThat(unlisted.field()).isEqualTo("areaOfReturn");
        assertThat(unlisted.reason())
                .isEqualTo("areaOfReturn 'Amina Hassan' is not a place listed under places.areas.Kwale of the sharing"
                        + " agreement (listed: Lunga Lunga, Msambweni)");
    }

    @Test
    void areaOfAnotherCountyIsUnlisted() {
        assertThat(places.unlisted(
                        new CommunityRiskAssessed("Lamu", "Msambweni", RiskLevel.LOW, List.of(), LocalDate.now())))
                .get()
                .extracting(Places.Unlisted::field)
                .isEqualTo("area");
    }

    @Test
    void countyOutsideTheFortySevenAndUnlistedBorderPointAreUnlisted() {
        assertThat(places.unlisted(registered("kwale", "Msambweni")))
                .get()
                .extracting(Places.Unlisted::reason)
                .isEqualTo("county 'kwale' is not one of the 47 counties (e.g. Kwale, Tana River, Murang'a)");
        assertThat(places.unlisted(
                        new BorderReturnRecorded("KE-AAAA-BBBB", "Lamu", "call 0722 000 000", null, LocalDate.now())))
                .get()
                .extracting(Places.Unlisted::field)
                .isEqualTo("borderPoint");
    }

    @Test
    void hugeValueIsQuotedCutShortOnOneLine() {
        String reason = places.unlisted(registered("Kwale", "x\n".repeat(100_000)))
                .orElseThrow()
                .reason();

        assertThat(reason).hasSizeLessThan(200).doesNotContain("\n");
    }

    private static ReturneeRegistered registered(String county, String area) {
        return new ReturneeRegistered(
                "KE-AAAA-BBBB",
                county,
                area,
                AgeBand.AGE_18_24,
                Gender.FEMALE,
                ReturnRoute.VOLUNTARY_SURRENDER,
                Phase.DISENGAGEMENT,
                LocalDate.now());
    }
}
