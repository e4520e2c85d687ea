package org.ddrrbus.dashboard.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.dashboard.privacy.Guarantee;
import org.ddrrbus.dashboard.privacy.Noise;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression;
import org.junit.jupiter.api.Test;

/**
 * The guarantee of a whole release, noise, fitting and suppression together, checked on its output: a programme of
 * returnees with Kwale at 28, and the same programme after one more person returned to Kwale. An embassy that sees one
 * release of each cannot tell them apart by more than the bound of docs/dashboard.md: the registration changes three
 * noisy counts (its phase, its county and its week), so no published text may change its odds by more than
 * e^(3 epsilon), and a single figure by no more than the noisy counts it is computed from.
 */
class ReleaseGuaranteeTest {

    private static final Instant AT = Instant.parse("2026-11-09T10:00:00Z");
    private static final double EPSILON = 1.0;
    private static final int RELEASES = 3_000;

    private static FigureBuilder builder(Noise noise) {
        return new FigureBuilder(
                new SmallCountSuppression(5),
                new NoisyRelease(noise, EPSILON),
                4,
                List.of("Kilifi", "Kwale", "Lamu", "Mombasa", Labels.OTHER),
                List.of());
    }

    /** Returnees by phase and county, all registered in one week; {@code kwale} of them in Kwale. */
    private static Map<String, Delta> programme(int kwale) {
        Map<String, Delta> cells = new HashMap<>();
        int others = 3 + 40 + 12;
        int total = kwale + others;
        put(cells, Cells.county("Kwale"), kwale);
        put(cells, Cells.county("Lamu"), 3);
        put(cells, Cells.county("Mombasa"), 40);
        put(cells, Cells.county("Kilifi"), 12);
        put(cells, Cells.phase("DISENGAGEMENT"), 50);
        put(cells, Cells.phase("REINTEGRATION"), total - 50);
        put(cells, Cells.RETURNEES_TOTAL, total);
        put(cells, Cells.week("2026-W45"), total);
        put(cells, Cells.REGISTRATIONS_TOTAL, total);
        return cells;
    }

    private static void put(Map<String, Delta> cells, String cell, long people) {
        cells.put(cell, new Delta(people, people));
    }

    /** How often each text of the Kwale cell, and of the whole returnees-by-county figure, is released. */
    private static Map<String, Map<String, Integer>> releases(Noise noise, int kwale, int count) {
        FigureBuilder builder = builder(noise);
        Map<String, Integer> kwaleTexts = new HashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        for (int i = 0; i < count; i++) {
            for (PublishedFigure figure : builder.programme(programme(kwale), AT)) {
                Figure f = figure.figure();
                if (f.key().equals("returnees-by-county")) {
                    f.cells().forEach(c -> {
                        if (c.label().equals("Kwale")) {
                            kwaleTexts.merge(c.value(), 1, Integer::sum);
                        } else if (c.label().equals("Total")) {
                            totals.merge(c.value(), 1, Integer::sum);
                        }
                    });
                }
            }
        }
        return Map.of("Kwale", kwaleTexts, "Total", totals);
    }

    @Test
    void oneMoreReturneeInKwaleMovesTheOddsOfWhatIsReleasedWithinTheBound() {
        Map<String, Map<String, Integer>> before = releases(Noise.secure(), 28, RELEASES);
        Map<String, Map<String, Integer>> after = releases(Noise.secure(), 29, RELEASES);

        // Kwale's text is computed from the noisy phases (its total) and the noisy counties: two of the three counts.
        assertThat(Guarantee.worstLogRatio(before.get("Kwale"), after.get("Kwale"), 150))
                .isLessThanOrEqualTo(2 * EPSILON);
        // The total is the sum of the noisy phases: one count the registration changes.
        assertThat(Guarantee.worstLogRatio(before.get("Total"), after.get("Total"), 150))
                .isLessThanOrEqualTo(EPSILON);
        // Kwale is never simply its value: the released texts spread over several values in both worlds.
        assertThat(before.get("Kwale")).hasSizeGreaterThan(3);
        assertThat(after.get("Kwale").getOrDefault("29", 0)).isLessThan(RELEASES / 2);
    }

    @Test
    void withoutNoiseTheSameCheckTellsTheTwoApart() {
        Map<String, Map<String, Integer>> before = releases(Noise.NONE, 28, 10);
        Map<String, Map<String, Integer>> after = releases(Noise.NONE, 29, 10);

        assertThat(before.get("Kwale")).containsOnlyKeys("28");
        assertThat(Guarantee.worstLogRatio(before.get("Kwale"), after.get("Kwale"), 5))
                .isInfinite();
    }

    @Test
    void releasedTablesAddUpWhateverTheNoise() {
        FigureBuilder builder = builder(Noise.secure());
        for (int i = 0; i < 200; i++) {
            Map<String, Map<String, String>> figures = new HashMap<>();
            for (PublishedFigure figure : builder.programme(programme(28), AT)) {
                Map<String, String> cells = new HashMap<>();
                figure.figure().cells().forEach(c -> cells.put(c.label(), c.value()));
                figures.put(figure.figure().key(), cells);
            }
            String byCounty = figures.get("returnees-by-county").get("Total");
            assertThat(figures.get("returnees-by-phase").get("Total")).isEqualTo(byCounty);
            // Where every part of the split by phase is shown, the parts make the released total exactly.
            Map<String, String> byPhase = figures.get("returnees-by-phase");
            if (byPhase.values().stream().allMatch(v -> v.matches("\\d+"))) {
                long sum = byPhase.entrySet().stream()
                        .filter(e -> !e.getKey().equals("Total"))
                        .mapToLong(e -> Long.parseLong(e.getValue()))
                        .sum();
                assertThat(sum).isEqualTo(Long.parseLong(byPhase.get("Total")));
            }
        }
    }
}
