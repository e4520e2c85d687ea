package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides how each count of the dashboard is shown so that no small group of people can be singled out.
 *
 * <p><b>Primary suppression.</b> A count below the threshold is shown as {@code "<5"} (for a threshold of 5), never
 * as its value; zero included, so that "nobody" and "one person" read the same. A count at or above the threshold
 * that stands for fewer people than the threshold (twelve support deliveries to two people) is withheld as
 * {@code "*"}.
 *
 * <p><b>Secondary suppression.</b> Figures add up: the cells of a row make its total, a total of one figure is a cell
 * of another, and the same population is split several ways. Each such sum is a {@link Line}. If exactly one member
 * of a line were hidden, the total minus the shown members would give it away, so the smallest shown member is
 * withheld too ({@code "*"}), and this repeats until no line has exactly one hidden member. Cells are named by id
 * across all figures, so a cell shared by two lines (a column total that is also a cell of another figure) is hidden
 * in both or in neither. A withheld cell is marked {@code "*"} rather than {@code "<5"} because it is not small, and
 * the page must not say what is false.
 *
 * <p>Only counts are handled here; measures such as a median are shown or withheld by the caller, from the count of
 * cases they rest on.
 */
public final class SmallCountSuppression {

    /** How a cell withheld for any reason other than its own small count reads. */
    public static final String WITHHELD = "*";

    private final int threshold;

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
        Set<String> hidden = new HashSet<>();
        Map<String, Count> all = new LinkedHashMap<>(cells);
        for (Line line : lines) {
            line.members().forEach(id -> all.putIfAbsent(id, Count.ZERO));
        }
        all.forEach((id, count) -> {
            if (!showable(count.value(), count.persons())) {
                hidden.add(id);
            }
        });
        Set<String> secondary = new HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Line line : lines) {
                List<String> members = line.members();
                if (members.stream().filter(hidden::contains).count() != 1) {
                    continue;
                }
                // Hide the smallest shown member: it tells least, and parts come before the total on ties.
                Optional<String> next = members.stream()
                        .filter(id -> !hidden.contains(id))
                        .min(Comparator.comparingLong(id -> all.get(id).value()));
                if (next.isPresent()) {
                    hidden.add(next.get());
                    secondary.add(next.get());
                    changed = true;
                }
            }
        }
        Map<String, String> shown = new LinkedHashMap<>();
        all.forEach((id, count) -> {
            if (!hidden.contains(id)) {
                shown.put(id, Long.toString(count.value()));
            } else if (secondary.contains(id) || count.value() >= threshold) {
                shown.put(id, WITHHELD);
            } else {
                shown.put(id, small());
            }
        });
        return shown;
    }

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
