package org.ddrrbus.dashboard.figures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Count;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;

/** The cells as counts, the lines between them, and cells derived by summing others. */
final class CellTable {
    final Map<String, Delta> cells;
    final Map<String, Count> counts = new LinkedHashMap<>();
    final List<Line> lines = new ArrayList<>();

    CellTable(Map<String, Delta> cells) {
        this.cells = cells;
    }

    Count raw(String cell) {
        Delta delta = cells.getOrDefault(cell, Delta.ZERO);
        return new Count(Math.max(0, delta.count()), Math.max(0, delta.persons()));
    }

    long count(String cell) {
        return raw(cell).value();
    }

    /** Adds a line and its cells; a line without parts is only its total, and returns {@code null}. */
    Line line(List<String> parts, String total) {
        if (parts.isEmpty()) {
            counts.put(total, raw(total));
            return null;
        }
        parts.forEach(p -> counts.putIfAbsent(p, raw(p)));
        counts.putIfAbsent(total, raw(total));
        Line line = new Line(parts, total);
        lines.add(line);
        return line;
    }

    /** A cell summing others of people counted once each, such as the registrations before the weeks shown. */
    String derived(String cell, long people) {
        counts.put(cell, Count.ofPeople(people));
        return cell;
    }

    long sumOf(String prefix, Predicate<String> matching) {
        return cells.entrySet().stream()
                .filter(e -> e.getKey().startsWith(prefix)
                        && matching.test(e.getKey().substring(prefix.length())))
                .mapToLong(e -> Math.max(0, e.getValue().count()))
                .sum();
    }

    /** The rest of the ids of cells under a prefix that hold something, sorted. */
    List<String> present(String prefix) {
        TreeSet<String> found = new TreeSet<>();
        cells.forEach((cell, delta) -> {
            if (cell.startsWith(prefix) && delta.count() > 0) {
                found.add(cell.substring(prefix.length()));
            }
        });
        return List.copyOf(found);
    }
}
