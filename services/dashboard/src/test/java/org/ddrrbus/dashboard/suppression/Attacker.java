package org.ddrrbus.dashboard.suppression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.PivotSelectionRule;
import org.apache.commons.math3.optim.linear.Relationship;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;

/**
 * Someone who has only the published page: every shown count, the sums the figures obviously obey, and what the
 * labels say ({@code "<5"} is 0 to 4, {@code "*"} is 5 or more). Works out, by linear programming, the least and the
 * most each hidden cell can be. Written from the published texts alone, independently of the code under test.
 */
final class Attacker {

    record Range(double low, double high) {}

    private final Map<String, String> published;
    private final List<Line> lines;
    private final int threshold;
    private final Map<String, Integer> unknowns = new LinkedHashMap<>();

    private Attacker(Map<String, String> published, List<Line> lines, int threshold) {
        this.published = published;
        this.lines = lines;
        this.threshold = threshold;
        published.forEach((id, text) -> {
            if (!text.matches("\\d+")) {
                unknowns.put(id, unknowns.size());
            }
        });
    }

    static Attacker of(Map<String, String> published, List<Line> lines, int threshold) {
        return new Attacker(published, lines, threshold);
    }

    /** The same page with every shown count withheld too: what the labels alone tell. */
    static Map<String, String> everythingWithheld(Map<String, String> published) {
        Map<String, String> withheld = new LinkedHashMap<>();
        published.forEach((id, text) -> withheld.put(id, text.matches("\\d+") ? "*" : text));
        return withheld;
    }

    Range range(String cell) {
        Integer at = unknowns.get(cell);
        if (at == null) {
            double value = Double.parseDouble(published.get(cell));
            return new Range(value, value);
        }
        double[] objective = new double[unknowns.size()];
        objective[at] = 1;
        return new Range(round(solve(objective, GoalType.MINIMIZE)), round(solve(objective, GoalType.MAXIMIZE)));
    }

    private List<LinearConstraint> constraints() {
        List<LinearConstraint> constraints = new ArrayList<>();
        int n = unknowns.size();
        for (Line line : lines) {
            double[] row = new double[n];
            double known = 0;
            Map<String, Double> sides = new HashMap<>();
            line.parts().forEach(p -> sides.merge(p, 1.0, Double::sum));
            sides.merge(line.total(), -1.0, Double::sum);
            boolean any = false;
            for (Map.Entry<String, Double> side : sides.entrySet()) {
                Integer at = unknowns.get(side.getKey());
                if (at == null) {
                    known += side.getValue() * Double.parseDouble(published.get(side.getKey()));
                } else {
                    row[at] += side.getValue();
                    any = true;
                }
            }
            if (any) {
                constraints.add(new LinearConstraint(row, Relationship.EQ, -known));
            }
        }
        unknowns.forEach((id, at) -> {
            double[] unit = new double[n];
            unit[at] = 1;
            String text = published.get(id);
            if (text.equals("<" + threshold)) {
                constraints.add(new LinearConstraint(unit, Relationship.LEQ, threshold - 1));
            } else if (text.equals("*")) {
                constraints.add(new LinearConstraint(unit, Relationship.GEQ, threshold));
            } else {
                throw new IllegalArgumentException("unexpected text " + text + " for " + id);
            }
        });
        return constraints;
    }

    private double solve(double[] objective, GoalType goal) {
        try {
            return new SimplexSolver()
                    .optimize(
                            new MaxIter(100_000),
                            new LinearObjectiveFunction(objective, 0),
                            new LinearConstraintSet(constraints()),
                            goal,
                            new NonNegativeConstraint(true),
                            PivotSelectionRule.BLAND)
                    .getValue();
        } catch (UnboundedSolutionException e) {
            return Double.POSITIVE_INFINITY;
        }
    }

    private static double round(double value) {
        return Double.isInfinite(value) ? value : Math.round(value * 1e6) / 1e6;
    }
}
