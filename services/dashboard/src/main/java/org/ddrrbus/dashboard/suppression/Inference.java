package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** @param lines the sums that hold between the cells, all of one connected group */
    Inference(List<SmallCountSuppression.Line> lines, int threshold) {
        this.lines = List.copyOf(lines);
        this.threshold = threshold;
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
        Map<String, Integer> index = new HashMap<>();
        for (String id : hidden) {
            index.putIfAbsent(id, index.size());
        }
        int n = index.size();
        List<LinearConstraint> constraints = new ArrayList<>();
        for (SmallCountSuppression.Line line : lines) {
            double[] coefficients = new double[n];
            double rhs = 0;
            boolean open = false;
            for (String part : line.parts()) {
                Integer at = index.get(part);
                if (at != null) {
                    coefficients[at] += 1;
                    open = true;
                } else {
                    rhs -= values.getOrDefault(part, 0L);
                }
            }
            Integer total = index.get(line.total());
            if (total != null) {
                coefficients[total] -= 1;
                open = true;
            } else {
                rhs += values.getOrDefault(line.total(), 0L);
            }
            if (open) {
                constraints.add(new LinearConstraint(coefficients, Relationship.EQ, rhs));
            }
        }
        for (Map.Entry<String, Integer> variable : index.entrySet()) {
            double[] unit = new double[n];
            unit[variable.getValue()] = 1;
            if (values.getOrDefault(variable.getKey(), 0L) < threshold) {
                constraints.add(new LinearConstraint(unit, Relationship.LEQ, threshold - 1));
            } else {
                constraints.add(new LinearConstraint(unit, Relationship.GEQ, threshold));
            }
        }
        double[] objective = new double[n];
        objective[index.get(cell)] = 1;
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
