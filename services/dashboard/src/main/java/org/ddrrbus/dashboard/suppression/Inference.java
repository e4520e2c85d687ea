package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NoFeasibleSolutionException;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/**
 * What an attacker can work out about a hidden cell from what is published: the smallest and the largest value the
 * cell can take while every published count keeps its value, every line still adds up, a count shown as below the
 * threshold lies between 0 and the threshold minus one, a withheld count ({@code "*"}) is at least the threshold, and
 * no count is negative. These are linear programs, solved exactly as an attacker with a spreadsheet's solver would.
 */
final class Inference {

    private static final double TOLERANCE = 1e-6;

    private final List<SmallCountSuppression.Line> lines;
    private final int threshold;
    private final Map<String, Map<Integer, Integer>> coefficients = new HashMap<>();
    private final Map<String, String> roles = new HashMap<>();

    /** @param lines the sums that hold between the cells, all of one connected group */
    Inference(List<SmallCountSuppression.Line> lines, int threshold) {
        this.lines = List.copyOf(lines);
        this.threshold = threshold;
        for (int i = 0; i < this.lines.size(); i++) {
            SmallCountSuppression.Line line = this.lines.get(i);
            for (String part : line.parts()) {
                coefficients.computeIfAbsent(part, c -> new TreeMap<>()).merge(i, 1, Integer::sum);
            }
            coefficients.computeIfAbsent(line.total(), c -> new TreeMap<>()).merge(i, -1, Integer::sum);
        }
        coefficients.forEach((cell, byLine) -> roles.put(cell, byLine.toString()));
    }

    /**
     * Where a cell stands for an attacker: below the threshold or not, and its coefficient in each line (1 as a part,
     * -1 as the total). Hidden cells with the same place are interchangeable in every constraint.
     */
    String place(String cell, Map<String, Long> values) {
        return (values.getOrDefault(cell, 0L) < threshold ? "small " : "large ") + roles.getOrDefault(cell, "{}");
    }

    /** The smallest and largest value of a cell; the largest is infinite when nothing bounds it. */
    record Range(double low, double high) {

        double width() {
            return high - low;
        }

        /** Whether this range reaches at least as far as {@code other} on both sides. */
        boolean covers(Range other) {
            return low <= other.low + TOLERANCE && high >= other.high - TOLERANCE;
        }
    }

    /** Thrown when the published values cannot all hold together, so nothing can be said about what they leave open. */
    static final class Inconsistent extends RuntimeException {
        Inconsistent(String message) {
            super(message);
        }
    }

    /**
     * The range of {@code cell}, one of {@code hidden}.
     *
     * @param values every cell's true value; only those not hidden are used
     * @param hidden the cells whose values are not published
     */
    Range range(String cell, Map<String, Long> values, Collection<String> hidden) {
        // One variable for the cell, and one for each set of other hidden cells with the same place: only their sum can
        // matter, and a sum of k cells of 0 to t-1 (or of at least t) is any value of 0 to k(t-1) (or at least kt).
        Map<String, Integer> variableOf = new HashMap<>();
        Map<String, Integer> index = new LinkedHashMap<>();
        List<String> representative = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        variableOf.put(cell, 0);
        representative.add(cell);
        sizes.add(1L);
        for (String id : hidden) {
            if (id.equals(cell)) {
                continue;
            }
            Integer at = index.computeIfAbsent(place(id, values), p -> {
                representative.add(id);
                sizes.add(0L);
                return sizes.size() - 1;
            });
            sizes.set(at, sizes.get(at) + 1);
            variableOf.put(id, at);
        }
        int n = sizes.size();
        List<LinearConstraint> constraints = new ArrayList<>();
        for (int l = 0; l < lines.size(); l++) {
            SmallCountSuppression.Line line = lines.get(l);
            double[] coefficients = new double[n];
            boolean open = false;
            for (int at = 0; at < n; at++) {
                coefficients[at] = this.coefficients
                        .getOrDefault(representative.get(at), Map.of())
                        .getOrDefault(l, 0);
                open |= coefficients[at] != 0;
            }
            double rhs = 0;
            for (String part : line.parts()) {
                if (!variableOf.containsKey(part)) {
                    rhs -= values.getOrDefault(part, 0L);
                }
            }
            if (!variableOf.containsKey(line.total())) {
                rhs += values.getOrDefault(line.total(), 0L);
            }
            if (open) {
                constraints.add(new LinearConstraint(coefficients, Relationship.EQ, rhs));
            }
        }
        for (int at = 0; at < n; at++) {
            double[] unit = new double[n];
            unit[at] = 1;
            if (values.getOrDefault(representative.get(at), 0L) < threshold) {
                constraints.add(new LinearConstraint(unit, Relationship.LEQ, sizes.get(at) * (threshold - 1.0)));
            } else {
                constraints.add(new LinearConstraint(unit, Relationship.GEQ, sizes.get(at) * (double) threshold));
            }
        }
        double[] objective = new double[n];
        objective[0] = 1;
        double low = solve(objective, constraints, GoalType.MINIMIZE);
        double high = solve(objective, constraints, GoalType.MAXIMIZE);
        return new Range(low, high);
    }

    private static double solve(double[] objective, List<LinearConstraint> constraints, GoalType goal) {
        try {
            PointValuePair optimum = new SimplexSolver()
                    .optimize(
                            new MaxIter(100_000),
                            new LinearObjectiveFunction(objective, 0),
                            new LinearConstraintSet(constraints),
                            goal,
                            new NonNegativeConstraint(true),
                            // Bland's rule: the tables are full of zeros, and degenerate programs must not cycle.
                            PivotSelectionRule.BLAND);
            return optimum.getValue();
        } catch (UnboundedSolutionException e) {
            return goal == GoalType.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } catch (NoFeasibleSolutionException | TooManyIterationsException e) {
            throw new Inconsistent(e.getClass().getSimpleName());
        }
    }
}
