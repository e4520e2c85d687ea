package org.ddrrbus.dashboard.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Count;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;
import org.junit.jupiter.api.Test;

class SmallCountSuppressionTest {

    private final SmallCountSuppression suppression = new SmallCountSuppression(5);

    private static Map<String, Count> people(Object... idsAndCounts) {
        Map<String, Count> cells = new LinkedHashMap<>();
        for (int i = 0; i < idsAndCounts.length; i += 2) {
            cells.put((String) idsAndCounts[i], Count.ofPeople(((Number) idsAndCounts[i + 1]).longValue()));
        }
        return cells;
    }

    @Test
    void smallCohortIsShownAsLessThanFive() {
        Map<String, String> shown = suppression.apply(people("lamu", 3, "kwale", 12), List.of());

        assertThat(shown).containsExactly(Map.entry("lamu", "<5"), Map.entry("kwale", "12"));
    }

    @Test
    void countAtTheThresholdIsShown() {
        assertThat(suppression.apply(people("lamu", 5, "kwale", 4), List.of()))
                .containsExactly(Map.entry("lamu", "5"), Map.entry("kwale", "<5"));
    }

    @Test
    void zeroReadsLikeAnyOtherSmallCount() {
        assertThat(suppression.apply(people("lamu", 0, "kwale", 1), List.of()))
                .containsExactly(Map.entry("lamu", "<5"), Map.entry("kwale", "<5"));
    }

    @Test
    void thresholdIsConfigurable() {
        SmallCountSuppression ten = new SmallCountSuppression(10);

        assertThat(ten.apply(people("lamu", 9, "kwale", 10), List.of()))
                .containsExactly(Map.entry("lamu", "<10"), Map.entry("kwale", "10"));
        assertThat(ten.small()).isEqualTo("<10");
    }

    @Test
    void thresholdThatProtectsNobodyIsRefused() {
        assertThatThrownBy(() -> new SmallCountSuppression(1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void totalMinusTheShownCellsCannotRevealALoneSuppressedCell() {
        // Lamu 2, Kwale 7, Kilifi 9, total 18: showing 7, 9 and 18 would give Lamu = 18 - 7 - 9.
        Map<String, Count> cells = people("lamu", 2, "kwale", 7, "kilifi", 9, "total", 18);

        Map<String, String> shown =
                suppression.apply(cells, List.of(new Line(List.of("lamu", "kwale", "kilifi"), "total")));

        assertThat(shown)
                .containsExactly(
                        Map.entry("lamu", "<5"),
                        Map.entry("kwale", "*"),
                        Map.entry("kilifi", "9"),
                        Map.entry("total", "18"));
    }

    @Test
    void twoSmallCellsInALineNeedNoMore() {
        Map<String, Count> cells = people("a", 1, "b", 3, "c", 9, "total", 13);

        assertThat(suppression.apply(cells, List.of(new Line(List.of("a", "b", "c"), "total"))))
                .containsExactly(
                        Map.entry("a", "<5"), Map.entry("b", "<5"), Map.entry("c", "9"), Map.entry("total", "13"));
    }

    @Test
    void smallTotalHidesTheWholeLine() {
        Map<String, Count> cells = people("a", 1, "b", 2, "total", 3);

        assertThat(suppression
                        .apply(cells, List.of(new Line(List.of("a", "b"), "total")))
                        .values())
                .containsOnly("<5");
    }

    @Test
    void loneSmallCellNextToATotalOfTwoPartsHidesTheOtherPartToo() {
        // The other part is the total minus the small one, so showing both would give the small one away.
        Map<String, String> shown =
                suppression.apply(people("a", 2, "b", 8, "total", 10), List.of(new Line(List.of("a", "b"), "total")));

        assertThat(shown).containsEntry("a", "<5").containsEntry("b", "*").containsEntry("total", "10");
    }

    @Test
    void secondarySuppressionFollowsACellIntoEveryLineItBelongsTo() {
        // Referrals by agency (rows) and status (columns), with row and column totals.
        //            open  declined  total
        //   iom        2      6        8
        //   county     9      7       16
        //   total     11     13       24
        Map<String, Count> cells = people(
                "iom/open",
                2,
                "iom/declined",
                6,
                "iom/total",
                8,
                "county/open",
                9,
                "county/declined",
                7,
                "county/total",
                16,
                "open",
                11,
                "declined",
                13,
                "total",
                24);
        List<Line> lines = List.of(
                new Line(List.of("iom/open", "iom/declined"), "iom/total"),
                new Line(List.of("county/open", "county/declined"), "county/total"),
                new Line(List.of("iom/open", "county/open"), "open"),
                new Line(List.of("iom/declined", "county/declined"), "declined"),
                new Line(List.of("iom/total", "county/total"), "total"),
                new Line(List.of("open", "declined"), "total"));

        Map<String, String> shown = suppression.apply(cells, lines);

        // Withholding only iom/declined, county/open and county/declined would leave iom/open between 0 and 3: the
        // row totals pin the cycle. With them withheld too, iom/open can be anything from 0 to 4.
        assertThat(shown)
                .containsExactly(
                        Map.entry("iom/open", "<5"),
                        Map.entry("iom/declined", "*"),
                        Map.entry("iom/total", "*"),
                        Map.entry("county/open", "*"),
                        Map.entry("county/declined", "*"),
                        Map.entry("county/total", "*"),
                        Map.entry("open", "11"),
                        Map.entry("declined", "13"),
                        Map.entry("total", "24"));
        assertThat(Attacker.of(shown, lines, 5).range("iom/open")).isEqualTo(new Attacker.Range(0, 4));
    }

    @Test
    void eventsOfTooFewPeopleAreWithheldHoweverManyTheyAre() {
        Map<String, Count> cells = new LinkedHashMap<>();
        cells.put("shelter", new Count(12, 2));
        cells.put("livelihood", new Count(30, 11));

        assertThat(suppression.apply(cells, List.of()))
                .containsExactly(Map.entry("shelter", "*"), Map.entry("livelihood", "30"));
    }

    @Test
    void missingLineMemberCountsAsZero() {
        assertThat(suppression.apply(people("a", 9, "total", 9), List.of(new Line(List.of("a", "b"), "total"))))
                .containsExactly(Map.entry("a", "*"), Map.entry("total", "9"), Map.entry("b", "<5"));
    }

    @Test
    void twoHiddenCellsThatSumToOneAreNotLeftToBeWorkedOut() {
        // Shown 9 and 10 would say a + b = 1: one of them is a single person.
        Map<String, Count> cells = people("a", 0, "b", 1, "c", 9, "total", 10);
        List<Line> lines = List.of(new Line(List.of("a", "b", "c"), "total"));

        Map<String, String> shown = suppression.apply(cells, lines);

        assertThat(shown)
                .containsExactly(
                        Map.entry("a", "<5"), Map.entry("b", "<5"), Map.entry("c", "*"), Map.entry("total", "10"));
        assertThat(Attacker.of(shown, lines, 5).range("b")).isEqualTo(new Attacker.Range(0, 4));
    }

    @Test
    void zerosOfAClosedListAreNotGivenAwayByTheTotal() {
        // Every county listed: with the total shown, the zeros would read as exactly zero.
        Map<String, Count> cells = people("garissa", 40, "isiolo", 6, "lamu", 0, "wajir", 0, "total", 46);
        List<Line> lines = List.of(new Line(List.of("garissa", "isiolo", "lamu", "wajir"), "total"));

        Map<String, String> shown = suppression.apply(cells, lines);

        // Withholding Isiolo would leave the zeros at 0 to 1 (Isiolo is at least 5); Garissa leaves them 0 to 4.
        assertThat(shown)
                .containsExactly(
                        Map.entry("garissa", "*"),
                        Map.entry("isiolo", "6"),
                        Map.entry("lamu", "<5"),
                        Map.entry("wajir", "<5"),
                        Map.entry("total", "46"));
    }

    @Test
    void whatTheLabelsAloneSayNeedsNoMoreWithholding() {
        // Two parts below five and a total of five: "<5" and "<5" already say each is at least 1.
        Map<String, Count> cells = people("a", 1, "b", 4, "total", 5);

        assertThat(suppression.apply(cells, List.of(new Line(List.of("a", "b"), "total"))))
                .containsExactly(Map.entry("a", "<5"), Map.entry("b", "<5"), Map.entry("total", "5"));
    }

    @Test
    void countOfFewPeopleIsNeverLeftPinnedBetweenTotals() {
        Map<String, Count> cells = new LinkedHashMap<>();
        cells.put("shelter", new Count(12, 2));
        cells.put("livelihood", Count.ofPeople(30));
        cells.put("total", new Count(42, 32));
        List<Line> lines = List.of(new Line(List.of("shelter", "livelihood"), "total"));

        Map<String, String> shown = suppression.apply(cells, lines);

        assertThat(shown).containsEntry("shelter", "*").containsEntry("livelihood", "*");
        Attacker.Range shelter = Attacker.of(shown, lines, 5).range("shelter");
        assertThat(shelter.high() - shelter.low()).isGreaterThanOrEqualTo(5);
    }

    @Test
    void sameFiguresGiveTheSameAnswerWithoutSolvingAgain() {
        Map<String, Count> cells = people("a", 2, "b", 8, "total", 10);
        List<Line> lines = List.of(new Line(List.of("a", "b"), "total"));

        assertThat(suppression.apply(cells, lines)).isSameAs(suppression.apply(new LinkedHashMap<>(cells), lines));
    }

    @Test
    void attackerWhoSolvesThePublishedSumsPinsNoSmallCellInRandomTables() {
        Random random = new Random(20261203);
        for (int round = 0; round < 200; round++) {
            Table table = Table.random(random);

            Map<String, String> shown = suppression.apply(table.cells(), table.lines());

            table.cells().forEach((id, count) -> {
                String text = shown.get(id);
                if (count.value() < 5) {
                    assertThat(text)
                            .as("%s of %d in %s", id, count.value(), table)
                            .isEqualTo("<5");
                } else if (!suppression.showable(count.value(), count.persons())) {
                    assertThat(text).as("%s in %s", id, table).isEqualTo("*");
                } else {
                    assertThat(text).as("%s in %s", id, table).isIn(Long.toString(count.value()), "*");
                }
            });
            Attacker published = Attacker.of(shown, table.lines(), 5);
            Attacker labelsOnly = Attacker.of(Attacker.everythingWithheld(shown), table.lines(), 5);
            table.cells().forEach((id, count) -> {
                if (count.value() < 5) {
                    assertThat(published.range(id))
                            .as("what %s of %d can be, from %s", id, count.value(), table)
                            .isEqualTo(labelsOnly.range(id));
                } else if (count.persons() < 5) {
                    Attacker.Range range = published.range(id);
                    Attacker.Range bound = labelsOnly.range(id);
                    assertThat(range.high() - range.low())
                            .as("what %s of %d (%d people) can be, from %s", id, count.value(), count.persons(), table)
                            .isGreaterThanOrEqualTo(Math.min(5, bound.high() - bound.low()));
                }
            });
        }
    }
}
