package org.ddrrbus.dashboard.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
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

        assertThat(shown)
                .containsExactly(
                        Map.entry("iom/open", "<5"),
                        Map.entry("iom/declined", "*"),
                        Map.entry("iom/total", "8"),
                        Map.entry("county/open", "*"),
                        Map.entry("county/declined", "*"),
                        Map.entry("county/total", "16"),
                        Map.entry("open", "11"),
                        Map.entry("declined", "13"),
                        Map.entry("total", "24"));
        assertNoLineRevealsAHiddenCell(shown, lines);
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
    void subtractionAttackRecoversNoSuppressedCellInRandomTables() {
        Random random = new Random(20261126);
        for (int round = 0; round < 500; round++) {
            int rows = 1 + random.nextInt(4);
            int columns = 1 + random.nextInt(6);
            Map<String, Count> cells = new LinkedHashMap<>();
            List<Line> lines = new ArrayList<>();
            long[] columnTotals = new long[columns];
            long total = 0;
            List<String> rowTotals = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                long rowTotal = 0;
                List<String> row = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    long value = random.nextInt(4) == 0 ? random.nextInt(5) : random.nextInt(40);
                    cells.put(r + "/" + c, Count.ofPeople(value));
                    row.add(r + "/" + c);
                    rowTotal += value;
                    columnTotals[c] += value;
                }
                cells.put(r + "/total", Count.ofPeople(rowTotal));
                rowTotals.add(r + "/total");
                lines.add(new Line(row, r + "/total"));
                total += rowTotal;
            }
            List<String> columnTotalIds = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                cells.put("total/" + c, Count.ofPeople(columnTotals[c]));
                columnTotalIds.add("total/" + c);
                List<String> column = new ArrayList<>();
                for (int r = 0; r < rows; r++) {
                    column.add(r + "/" + c);
                }
                lines.add(new Line(column, "total/" + c));
            }
            cells.put("total", Count.ofPeople(total));
            lines.add(new Line(rowTotals, "total"));
            lines.add(new Line(columnTotalIds, "total"));

            Map<String, String> shown = suppression.apply(cells, lines);

            cells.forEach((id, count) -> {
                if (count.value() < 5) {
                    assertThat(shown.get(id))
                            .as("cell %s of %d", id, count.value())
                            .isEqualTo("<5");
                }
            });
            assertNoLineRevealsAHiddenCell(shown, lines);
        }
    }

    /** No line has exactly one hidden member: subtracting the shown ones from the total gives no single hidden value. */
    private static void assertNoLineRevealsAHiddenCell(Map<String, String> shown, List<Line> lines) {
        for (Line line : lines) {
            long hidden = line.members().stream()
                    .filter(id -> !shown.get(id).matches("\\d+"))
                    .count();
            assertThat(hidden).as("hidden members of %s", line).isNotEqualTo(1L);
        }
    }
}
