package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides how each count of the dashboard is shown so that no small group of people can be singled out.
 *
 * <p><b>Primary suppression.</b> A count below the threshold is shown as {@code "<5"} (for a threshold of 5), never
 * as its value; zero included, so that "nobody" and "one person" read the same. A count at or above the threshold
 * that stands for fewer people than the threshold (twelve support deliveries to two people) is withheld as
 * {@code "*"}.
 *
 * <p><b>Secondary suppression.</b> Figures add up: the cells of a row make its total, a total of one figure is a cell
 * of another, and the same population is split several ways. Each such sum is a {@link Line}. An attacker who knows
 * every shown count, every line, that {@code "<5"} means 0 to 4 and that {@code "*"} means 5 or more (and that counts
 * are not negative) can solve those linear constraints for the smallest and largest value each hidden cell can take
 * ({@link Inference}). More cells are withheld, always as {@code "*"}, until for every primarily suppressed cell:
 *
 * <ul>
 *   <li>a count shown {@code "<5"} can take every value the labels alone allow: the published figures say nothing
 *       more about it than a page with every count withheld would. That is all of 0 to 4, except where the labels
 *       themselves already narrow it (two {@code "<5"} parts of a total of 5 or more are each at least 1);
 *   <li>a count withheld for resting on too few people can take values spanning at least the threshold (or as wide
 *       as with every count withheld, if that is narrower).
 * </ul>
 *
 * <p>Which cell to withhold next: the smallest shown count whose withholding makes a failing cell safe (among counts of
 * the same size, the one that leaves the fewest failing, parts before totals); failing that, the smallest whose
 * withholding at least widens what a failing cell can be. Withholding a
 * cell only ever widens what the attacker can conclude, so this ends, at worst with every count of a group withheld.
 * Cells are named by id across all figures, so a cell shared by two figures is hidden in both or in neither.
 *
 * <p>Only counts are handled here; measures such as a median are shown or withheld by the caller, from the count of
 * cases they rest on.
 */
public final class SmallCountSuppression {

    /** How a cell withheld for any reason other than its own small count reads. */
    public static final String WITHHELD = "*";

    private final int threshold;
    private volatile Memo last;

    public SmallCountSuppression(int threshold) {
        if (threshold < 2) {
            throw new IllegalArgumentException("a suppression threshold below 2 protects nobody: " + threshold);
        }
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    /** How a primary-suppressed count reads: {@code "<"} and the threshold. */
    public String small() {
        return "<" + threshold;
    }

    /** Whether a count of this many events, standing for this many people, may be shown on its own. */
    public boolean showable(long count, long persons) {
        return count >= threshold && persons >= threshold;
    }

    /**
     * How each cell is shown: its value as digits, {@link #small()} or {@link #WITHHELD}.
     *
     * @param cells every cell by id; a line member missing here counts as zero
     * @param lines the sums that hold between cells
     * @return the text of every cell of {@code cells} and every line member, in the order of {@code cells}
     */
    public Map<String, String> apply(Map<String, Count> cells, List<Line> lines) {
        // The figures are rebuilt every few seconds and mostly nothing changed: the linear programs need not run again.
        Memo memo = last;
        if (memo != null && memo.cells().equals(cells) && memo.lines().equals(lines)) {
            return memo.shown();
        }
        Map<String, Count> all = new LinkedHashMap<>(cells);
        for (Line line : lines) {
            line.members().forEach(id -> all.putIfAbsent(id, Count.ZERO));
        }
        Set<String> primary = new HashSet<>();
        all.forEach((id, count) -> {
            if (!showable(count.value(), count.persons())) {
                primary.add(id);
            }
        });
        Set<String> hidden = new HashSet<>(primary);
        for (List<Line> group : connected(lines)) {
            protect(group, all, primary, hidden);
        }
        Map<String, String> shown = new LinkedHashMap<>();
        all.forEach((id, count) -> {
            if (!hidden.contains(id)) {
                shown.put(id, Long.toString(count.value()));
            } else if (count.value() >= threshold) {
                shown.put(id, WITHHELD);
            } else {
                shown.put(id, small());
            }
        });
        Map<String, String> result = Collections.unmodifiableMap(shown);
        last = new Memo(Map.copyOf(cells), List.copyOf(lines), result);
        return result;
    }

    /** Withholds cells of one connected group of lines until every primarily suppressed cell in it is safe. */
    private void protect(List<Line> group, Map<String, Count> all, Set<String> primary, Set<String> hidden) {
        Set<String> members = new TreeSet<>();
        group.forEach(line -> members.addAll(line.members()));
        List<String> sensitive =
                members.stream().filter(primary::contains).sorted().toList();
        if (sensitive.isEmpty()) {
            return;
        }
        Map<String, Long> values = new HashMap<>();
        members.forEach(id -> values.put(id, all.get(id).value()));
        Inference inference = new Inference(group, threshold);
        Map<String, List<String>> kinds = symmetric(sensitive, group, values);
        try {
            Map<String, Inference.Range> reference = ranges(inference, kinds, values, members);
            Set<String> totals = new HashSet<>();
            group.forEach(line -> totals.add(line.total()));
            Comparator<String> cheapestFirst = Comparator.<String>comparingLong(values::get)
                    .thenComparing(totals::contains)
                    .thenComparing(Comparator.naturalOrder());
            while (true) {
                Map<String, Inference.Range> failing = failing(inference, kinds, values, members, hidden, reference);
                if (failing.isEmpty()) {
                    return;
                }
                List<String> candidates = members.stream()
                        .filter(id -> !hidden.contains(id))
                        .sorted(cheapestFirst)
                        .toList();
                if (candidates.isEmpty()) {
                    return; // everything is withheld: nothing more can be concluded than from the labels alone
                }
                hidden.add(next(candidates, failing, inference, kinds, values, members, hidden, reference));
            }
        } catch (Inference.Inconsistent e) {
            // The counts do not add up (a figure read mid-update): nothing can be shown safely, so nothing is shown.
            hidden.addAll(members);
        }
    }

    private String next(
            List<String> candidates,
            Map<String, Inference.Range> failing,
            Inference inference,
            Map<String, List<String>> kinds,
            Map<String, Long> values,
            Set<String> members,
            Set<String> hidden,
            Map<String, Inference.Range> reference) {
        // Best: the smallest count that makes some failing cell safe (fewest left failing among equal counts); else the
        // smallest that at least widens what a failing cell can be.
        String fixing = null;
        int leastFailing = Integer.MAX_VALUE;
        String widening = null;
        for (String candidate : candidates) {
            if (fixing != null && !values.get(candidate).equals(values.get(fixing))) {
                break;
            }
            Set<String> tried = new HashSet<>(hidden);
            tried.add(candidate);
            Map<String, Inference.Range> after = failing(inference, kinds, values, members, tried, reference);
            if (after.size() < failing.size()) {
                if (after.size() < leastFailing) {
                    fixing = candidate;
                    leastFailing = after.size();
                }
            } else if (widening == null
                    && after.entrySet().stream().anyMatch(e -> widened(failing.get(e.getKey()), e.getValue()))) {
                widening = candidate;
            }
        }
        if (fixing != null) {
            return fixing;
        }
        if (widening != null) {
            return widening;
        }
        // No single cell helps on its own; withhold the cheapest, and the next round tries again with it hidden.
        return candidates.get(0);
    }

    private static boolean widened(Inference.Range before, Inference.Range after) {
        return before != null && after.covers(before) && !before.covers(after);
    }

    /** The kinds of sensitive cells that are still not safe, each with the range one of its cells has. */
    private Map<String, Inference.Range> failing(
            Inference inference,
            Map<String, List<String>> kinds,
            Map<String, Long> values,
            Set<String> members,
            Set<String> hidden,
            Map<String, Inference.Range> reference) {
        Set<String> withheld = new TreeSet<>(hidden);
        withheld.retainAll(members);
        Map<String, Inference.Range> failing = new LinkedHashMap<>();
        kinds.forEach((kind, cells) -> {
            String cell = cells.get(0);
            Inference.Range range = inference.range(cell, values, withheld);
            if (!safe(values.get(cell), range, reference.get(kind))) {
                failing.put(kind, range);
            }
        });
        return failing;
    }

    private boolean safe(long value, Inference.Range range, Inference.Range everythingWithheld) {
        if (value < threshold) {
            return range.covers(everythingWithheld);
        }
        return range.width() >= Math.min(threshold, everythingWithheld.width()) - 1e-6;
    }

    private static Map<String, Inference.Range> ranges(
            Inference inference, Map<String, List<String>> kinds, Map<String, Long> values, Set<String> members) {
        Map<String, Inference.Range> ranges = new HashMap<>();
        kinds.forEach((kind, cells) -> ranges.put(kind, inference.range(cells.get(0), values, members)));
        return ranges;
    }

    /**
     * Groups sensitive cells that an attacker cannot tell apart: the same label and the same place in the same lines
     * (every county of a figure with a small count, say). The linear programs give them the same range, so one stands
     * for all.
     */
    private Map<String, List<String>> symmetric(List<String> sensitive, List<Line> group, Map<String, Long> values) {
        Map<String, List<String>> kinds = new TreeMap<>();
        for (String cell : sensitive) {
            StringBuilder place = new StringBuilder(values.get(cell) < threshold ? "small" : "few-people");
            for (int i = 0; i < group.size(); i++) {
                Line line = group.get(i);
                if (line.parts().contains(cell)) {
                    place.append(" part-of-").append(i);
                }
                if (line.total().equals(cell)) {
                    place.append(" total-of-").append(i);
                }
            }
            kinds.computeIfAbsent(place.toString(), k -> new ArrayList<>()).add(cell);
        }
        return kinds;
    }

    /** The lines in groups that share cells: only lines that share a cell can be combined against one. */
    private static List<List<Line>> connected(List<Line> lines) {
        Map<String, Integer> groupOfCell = new HashMap<>();
        List<List<Line>> groups = new ArrayList<>();
        for (Line line : lines) {
            Set<Integer> touched = new TreeSet<>();
            line.members()
                    .forEach(id -> Optional.ofNullable(groupOfCell.get(id)).ifPresent(touched::add));
            List<Line> merged = new ArrayList<>();
            for (int index : touched) {
                merged.addAll(groups.get(index));
                groups.set(index, List.of());
            }
            merged.add(line);
            groups.add(merged);
            int at = groups.size() - 1;
            merged.forEach(l -> l.members().forEach(id -> groupOfCell.put(id, at)));
        }
        return groups.stream().filter(g -> !g.isEmpty()).toList();
    }

    private record Memo(Map<String, Count> cells, List<Line> lines, Map<String, String> shown) {}

    /**
     * A count and the number of distinct people behind it. For a count of people the two are equal; for a count of
     * events (sessions, deliveries) one person may stand behind many.
     */
    public record Count(long value, long persons) {

        public static final Count ZERO = new Count(0, 0);

        public Count {
            if (value < 0 || persons < 0) {
                throw new IllegalArgumentException("counts are never negative: " + value + ", " + persons);
            }
        }

        /** A count of people. */
        public static Count ofPeople(long people) {
            return new Count(people, people);
        }
    }

    /** The members of a sum: {@code parts} add up to {@code total}. */
    public record Line(List<String> parts, String total) {

        public Line {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("a line needs at least one part");
            }
        }

        /** Parts first, then the total, so the smallest-member rule prefers a part on ties. */
        public List<String> members() {
            List<String> members = new ArrayList<>(parts);
            members.add(total);
            return members;
        }
    }
}
