package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Count;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;

/**
 * A random table shaped like the dashboard's figures: cross-tabulations with row, column and grand totals (referrals
 * by agency and status), one population split two ways (returnees by phase and by county), a total broken down once
 * more (declined referrals by reason), and short lists; with many zeros and small counts, as real figures have.
 */
record Table(Map<String, Count> cells, List<Line> lines) {

    static Table random(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> crossTabulation(random, false);
            case 1 -> splitTwoWays(random);
            case 2 -> crossTabulation(random, true);
            default -> shortList(random);
        };
    }

    private static long count(Random random) {
        int kind = random.nextInt(20);
        if (kind < 7) {
            return 0;
        }
        if (kind < 12) {
            return 1 + random.nextInt(4);
        }
        if (kind < 17) {
            return 5 + random.nextInt(8);
        }
        return 13 + random.nextInt(48);
    }

    /** People behind a count of events: usually as many, sometimes fewer than five. */
    private static long persons(Random random, long count) {
        return count >= 5 && random.nextInt(6) == 0 ? 1 + random.nextInt(4) : count;
    }

    private static Table crossTabulation(Random random, boolean breakdown) {
        int rows = 1 + random.nextInt(4);
        int columns = 2 + random.nextInt(5);
        Map<String, Count> cells = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        long[] columnTotals = new long[columns];
        long[] columnPersons = new long[columns];
        List<String> rowTotals = new ArrayList<>();
        long total = 0;
        long totalPersons = 0;
        for (int r = 0; r < rows; r++) {
            long rowTotal = 0;
            long rowPersons = 0;
            List<String> row = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                long value = count(random);
                long persons = persons(random, value);
                cells.put(r + "/" + c, new Count(value, persons));
                row.add(r + "/" + c);
                rowTotal += value;
                rowPersons += persons;
                columnTotals[c] += value;
                columnPersons[c] += persons;
            }
            cells.put(r + "/total", new Count(rowTotal, rowPersons));
            rowTotals.add(r + "/total");
            lines.add(new Line(row, r + "/total"));
            total += rowTotal;
            totalPersons += rowPersons;
        }
        List<String> columnTotalIds = new ArrayList<>();
        for (int c = 0; c < columns; c++) {
            cells.put("total/" + c, new Count(columnTotals[c], columnPersons[c]));
            columnTotalIds.add("total/" + c);
            List<String> column = new ArrayList<>();
            for (int r = 0; r < rows; r++) {
                column.add(r + "/" + c);
            }
            lines.add(new Line(column, "total/" + c));
        }
        cells.put("total", new Count(total, totalPersons));
        lines.add(new Line(rowTotals, "total"));
        lines.add(new Line(columnTotalIds, "total"));
        if (breakdown) {
            // One column total split again, by reason: the reasons are people, so their persons add up.
            int reasons = 2 + random.nextInt(4);
            long left = columnTotals[0];
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < reasons; i++) {
                long value = i == reasons - 1 ? left : (left == 0 ? 0 : random.nextInt((int) left + 1));
                left -= value;
                cells.put("reason/" + i, Count.ofPeople(value));
                parts.add("reason/" + i);
            }
            cells.put("total/0", Count.ofPeople(columnTotals[0]));
            lines.add(new Line(parts, "total/0"));
        }
        return new Table(cells, lines);
    }

    private static Table splitTwoWays(Random random) {
        int first = 2 + random.nextInt(5);
        int second = 2 + random.nextInt(9);
        long[] a = new long[first];
        long[] b = new long[second];
        long total = 0;
        // People, each in one category of either list.
        int people = random.nextInt(4) == 0 ? random.nextInt(6) : random.nextInt(80);
        for (int i = 0; i < people; i++) {
            a[skewed(random, first)]++;
            b[skewed(random, second)]++;
            total++;
        }
        Map<String, Count> cells = new LinkedHashMap<>();
        List<String> aParts = new ArrayList<>();
        List<String> bParts = new ArrayList<>();
        for (int i = 0; i < first; i++) {
            cells.put("phase/" + i, Count.ofPeople(a[i]));
            aParts.add("phase/" + i);
        }
        for (int i = 0; i < second; i++) {
            cells.put("county/" + i, Count.ofPeople(b[i]));
            bParts.add("county/" + i);
        }
        cells.put("total", Count.ofPeople(total));
        return new Table(cells, List.of(new Line(aParts, "total"), new Line(bParts, "total")));
    }

    /** Most people in the first few categories, as returnees gather in a few counties. */
    private static int skewed(Random random, int categories) {
        int at = 0;
        while (at < categories - 1 && random.nextInt(3) == 0) {
            at++;
        }
        return at;
    }

    private static Table shortList(Random random) {
        int parts = 2 + random.nextInt(2);
        Map<String, Count> cells = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        long total = 0;
        long persons = 0;
        for (int i = 0; i < parts; i++) {
            long value = count(random);
            long who = persons(random, value);
            cells.put("kind/" + i, new Count(value, who));
            ids.add("kind/" + i);
            total += value;
            persons += who;
        }
        cells.put("total", new Count(total, persons));
        return new Table(cells, List.of(new Line(ids, "total")));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("{");
        cells.forEach((id, count) -> text.append(id)
                .append('=')
                .append(count.value())
                .append(count.persons() == count.value() ? "" : "(" + count.persons() + " people)")
                .append(' '));
        return text.append('}').toString();
    }
}
