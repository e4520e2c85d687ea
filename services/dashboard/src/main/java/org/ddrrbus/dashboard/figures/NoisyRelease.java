package org.ddrrbus.dashboard.figures;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ddrrbus.dashboard.privacy.Noise;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Count;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;

/**
 * The counts of one release: noise added to the finest counts, and every total worked out from its noisy parts, so that
 * the released table adds up exactly like the true one and small-count suppression can run on it unchanged.
 *
 * <p>Everything released is computed from the noisy counts alone (sums, clamping at zero, fitting parts to a total,
 * then suppression), never from the true ones again. That is what keeps the guarantee of the noise: whatever is done
 * with a differentially private answer afterwards reveals nothing more about the true counts.
 *
 * <p>Lines are worked through in the order given. A line whose parts are all known gets their sum as its total. A line
 * whose total is already known (the returnees split by county, after the split by phase fixed the total; the declined
 * referrals split by reason) gets noisy parts scaled to that total, whole numbers by largest remainder. Otherwise its
 * unknown parts get noise, and the total is their sum. Which counts get noise, and which are derived, therefore depends
 * on the order only, never on the data.
 *
 * <p>How many people stand behind an event count (for the "too few people" rule) is noised on its own, for every event
 * count, parts and totals alike, and never exceeds the count it belongs to. For counts of people it is the count.
 */
final class NoisyRelease {

    private final Noise noise;
    private final double epsilon;

    /** @param epsilon the privacy loss of one noisy count, for an event that changes it by one */
    NoisyRelease(Noise noise, double epsilon) {
        this.noise = noise;
        this.epsilon = epsilon;
    }

    /** A choice by the exponential mechanism, at the same epsilon as one count (see {@link Noise#exponential}). */
    int choose(double[] utilities) {
        return noise.exponential(utilities, epsilon);
    }

    /** A line of the table, and whether it counts people (each once) or events (a person possibly several times). */
    record Derivation(Line line, boolean people) {}

    /**
     * @param exact the true counts of every cell of the lines, and of cells in no line (noised on their own)
     * @param lines in the order their totals are to be worked out, finest first
     * @param people cells in no line that count people
     * @return the noisy counts of every cell of {@code exact}, adding up along every line
     */
    Map<String, Count> apply(Map<String, Count> exact, List<Derivation> lines, Set<String> people) {
        Map<String, Long> values = new LinkedHashMap<>();
        Set<String> peopleCells = new HashSet<>(people);
        lines.stream()
                .filter(Derivation::people)
                .forEach(d -> peopleCells.addAll(d.line().members()));
        List<Line> pending =
                new ArrayList<>(lines.stream().map(Derivation::line).toList());
        while (!pending.isEmpty()) {
            Line next = pick(pending, values);
            pending.remove(next);
            derive(next, exact, values);
        }
        exact.keySet().forEach(cell -> values.computeIfAbsent(cell, c -> noisy(exact, c)));

        Map<String, Count> released = new LinkedHashMap<>();
        exact.forEach((cell, count) -> {
            long value = values.get(cell);
            long persons = peopleCells.contains(cell)
                    ? value
                    : Math.min(value, Math.max(0, count.persons() + noise.geometric(epsilon)));
            released.put(cell, new Count(value, persons));
        });
        return released;
    }

    /** A line whose parts are all known; else one whose total is known; else the first. */
    private static Line pick(List<Line> pending, Map<String, Long> values) {
        for (Line line : pending) {
            if (!values.containsKey(line.total()) && values.keySet().containsAll(line.parts())) {
                return line;
            }
        }
        for (Line line : pending) {
            if (values.containsKey(line.total())) {
                return line;
            }
        }
        return pending.get(0);
    }

    private void derive(Line line, Map<String, Count> exact, Map<String, Long> values) {
        List<String> unknown =
                line.parts().stream().filter(p -> !values.containsKey(p)).toList();
        unknown.forEach(part -> values.put(part, noisy(exact, part)));
        long known = line.parts().stream()
                .filter(p -> !unknown.contains(p))
                .mapToLong(values::get)
                .sum();
        Long total = values.get(line.total());
        if (total == null) {
            values.put(
                    line.total(), line.parts().stream().mapToLong(values::get).sum());
        } else if (!unknown.isEmpty()) {
            List<Long> fitted = fit(unknown.stream().map(values::get).toList(), Math.max(0, total - known));
            for (int i = 0; i < unknown.size(); i++) {
                values.put(unknown.get(i), fitted.get(i));
            }
        }
        // A line whose parts and total were all fixed by other lines adds up by construction: every total was derived
        // as a sum of the same finest counts.
    }

    private long noisy(Map<String, Count> exact, String cell) {
        long value = exact.getOrDefault(cell, Count.ZERO).value();
        return Math.max(0, value + noise.geometric(epsilon));
    }

    /**
     * Whole numbers in proportion to {@code parts} that add up to {@code total}: each part's share rounded down, and
     * what is left given one by one to the largest remainders (the first on ties). Parts that are all zero share the
     * total evenly.
     */
    static List<Long> fit(List<Long> parts, long total) {
        long sum = parts.stream().mapToLong(Long::longValue).sum();
        int n = parts.size();
        long[] fitted = new long[n];
        double[] remainder = new double[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            double share = sum == 0 ? (double) total / n : (double) parts.get(i) * total / sum;
            fitted[i] = (long) Math.floor(share);
            remainder[i] = share - fitted[i];
            given += fitted[i];
        }
        for (long left = total - given; left > 0; left--) {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (remainder[i] > remainder[best]) {
                    best = i;
                }
            }
            fitted[best]++;
            remainder[best] = -1;
        }
        List<Long> result = new ArrayList<>();
        for (long f : fitted) {
            result.add(f);
        }
        return result;
    }
}
