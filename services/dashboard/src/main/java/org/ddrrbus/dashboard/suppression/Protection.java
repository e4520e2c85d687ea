package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Secondary suppression of one connected group of lines: withholds one cell at a time until every primarily suppressed
 * cell is safe (see {@link SmallCountSuppression} for what safe means and which cell goes next).
 *
 * <p>Two facts keep the linear programs few. Withholding a cell only widens what can be concluded, so a cell found
 * safe stays safe and only the failing ones are looked at again. And cells an attacker cannot tell apart (the same
 * label, the same place in the same lines, like the small counties of one figure) get the same range, so one of them
 * stands for all.
 */
final class Protection {

    private final Map<String, Long> values;
    private final int threshold;
    private final Inference inference;
    private final Set<String> members;
    private final Comparator<String> cheapestFirst;
    private final Map<String, List<String>> kinds;
    private final Map<String, Inference.Range> everythingWithheld = new HashMap<>();

    /**
     * @param values the value of every cell of the group's lines
     * @param primary the cells withheld for their own sake (small counts, or too few people)
     */
    Protection(List<SmallCountSuppression.Line> lines, Map<String, Long> values, Set<String> primary, int threshold) {
        this.values = Map.copyOf(values);
        this.threshold = threshold;
        this.inference = new Inference(lines, threshold);
        this.members = new TreeSet<>(values.keySet());
        Set<String> totals = new HashSet<>();
        lines.forEach(line -> totals.add(line.total()));
        // Smallest first, since a withheld count is information lost; parts before totals, which serve several figures.
        this.cheapestFirst = Comparator.<String>comparingLong(this.values::get)
                .thenComparing(totals::contains)
                .thenComparing(Comparator.naturalOrder());
        this.kinds = new TreeMap<>();
        for (String cell : members) {
            if (primary.contains(cell)) {
                kinds.computeIfAbsent(inference.place(cell, this.values), k -> new ArrayList<>())
                        .add(cell);
            }
        }
    }

    /** Adds to {@code hidden} the cells of this group that must be withheld too. */
    void run(Set<String> hidden) {
        try {
            // Kinds not yet known to be safe, in order; a kind found safe stays safe, so each is confirmed only once.
            List<String> pending = new ArrayList<>(kinds.keySet());
            while (true) {
                String target = null;
                Inference.Range targetRange = null;
                while (!pending.isEmpty()) {
                    Inference.Range range = range(pending.get(0), hidden);
                    if (!safe(pending.get(0), range)) {
                        target = pending.get(0);
                        targetRange = range;
                        break;
                    }
                    pending.remove(0);
                }
                if (target == null) {
                    return;
                }
                List<String> candidates = members.stream()
                        .filter(id -> !hidden.contains(id))
                        .sorted(cheapestFirst)
                        .toList();
                if (candidates.isEmpty()) {
                    return; // everything is withheld: nothing can be concluded beyond the labels themselves
                }
                hidden.add(next(candidates, target, targetRange, pending, hidden));
            }
        } catch (Inference.Inconsistent e) {
            // The counts do not add up (a figure read mid-update): nothing can be shown safely, so nothing is shown.
            hidden.addAll(members);
        }
    }

    /**
     * The next cell to withhold for a failing kind: the smallest count that makes it safe (among counts of the same
     * size, the one that leaves the fewest kinds failing); else the smallest that widens its range; else the smallest
     * of all, so that the next round tries again with it withheld.
     */
    private String next(
            List<String> candidates, String target, Inference.Range before, List<String> pending, Set<String> hidden) {
        List<String> fixing = new ArrayList<>();
        String widening = null;
        for (String candidate : candidates) {
            if (!fixing.isEmpty() && !values.get(candidate).equals(values.get(fixing.get(0)))) {
                break; // any larger count costs more than one of this size that works
            }
            Inference.Range after = range(target, with(hidden, candidate));
            if (safe(target, after)) {
                fixing.add(candidate);
            } else if (widening == null && after.covers(before) && !before.covers(after)) {
                widening = candidate;
            }
        }
        if (fixing.size() == 1) {
            return fixing.get(0);
        }
        if (!fixing.isEmpty()) {
            return fixing.stream()
                    .min(Comparator.comparingLong(candidate -> stillFailing(pending, with(hidden, candidate))))
                    .orElseThrow();
        }
        return widening != null ? widening : candidates.get(0);
    }

    private long stillFailing(List<String> pending, Set<String> hidden) {
        return pending.stream().filter(kind -> !safe(kind, range(kind, hidden))).count();
    }

    private static Set<String> with(Set<String> hidden, String cell) {
        Set<String> tried = new HashSet<>(hidden);
        tried.add(cell);
        return tried;
    }

    private Inference.Range range(String kind, Set<String> hidden) {
        Set<String> withheld = new HashSet<>(hidden);
        withheld.retainAll(members);
        return inference.range(kinds.get(kind).get(0), values, withheld);
    }

    /**
     * A small count must be able to take every value the labels alone allow; a count of too few people must span at
     * least the threshold (or as much as the labels alone allow, if less).
     */
    private boolean safe(String kind, Inference.Range range) {
        if (values.get(kinds.get(kind).get(0)) < threshold) {
            // Nothing can say less than "0 to threshold - 1": no need to ask what the labels alone allow.
            return range.covers(new Inference.Range(0, threshold - 1)) || range.covers(everythingWithheld(kind));
        }
        return range.width() >= threshold - 1e-6
                || range.width() >= Math.min(threshold, everythingWithheld(kind).width()) - 1e-6;
    }

    private Inference.Range everythingWithheld(String kind) {
        return everythingWithheld.computeIfAbsent(
                kind, k -> inference.range(kinds.get(k).get(0), values, members));
    }
}
