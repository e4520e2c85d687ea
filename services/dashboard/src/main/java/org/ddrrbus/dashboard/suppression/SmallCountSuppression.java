package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * withholding at least widens what a failing cell can be. Withholding a cell only ever widens what the attacker can
 * conclude, so this ends, at worst with every count of a group withheld.
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
    /** What each group of lines needed withheld, for the last few states of each group. */
    private final Map<GroupKey, Set<String>> solved = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<GroupKey, Set<String>> eldest) {
            return size() > 64;
        }
    });

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
        Map<String, Long> values = new HashMap<>();
        group.forEach(line ->
                line.members().forEach(id -> values.put(id, all.get(id).value())));
        Set<String> sensitive = new HashSet<>(values.keySet());
        sensitive.retainAll(primary);
        if (sensitive.isEmpty() || sensitive.size() == values.size()) {
            return; // nothing small, or nothing shown: the published figures say no more than the labels
        }
        // One new event changes one or two groups; the others are answered from what was worked out before.
        GroupKey key = new GroupKey(group, values, sensitive);
        Set<String> withheld = solved.get(key);
        if (withheld == null) {
            Set<String> result = new HashSet<>(sensitive);
            new Protection(group, values, sensitive, threshold).run(result);
            withheld = Set.copyOf(result);
            solved.put(key, withheld);
        }
        hidden.addAll(withheld);
    }

    private record GroupKey(List<Line> lines, Map<String, Long> values, Set<String> primary) {}

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
