package org.ddrrbus.dashboard.privacy;

/** The exponential mechanism's arithmetic, shared by the noisy and the exact {@link Noise}. */
final class Exponential {

    private Exponential() {}

    /** The index whose cumulative weight first exceeds {@code uniform} times the total weight. */
    static int draw(double[] utilities, double epsilon, double uniform) {
        if (utilities.length == 0) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double u : utilities) {
            best = Math.max(best, u);
        }
        // Weights relative to the best utility, so that large utilities cannot overflow.
        double[] cumulative = new double[utilities.length];
        double total = 0;
        for (int i = 0; i < utilities.length; i++) {
            total += Math.exp(epsilon * (utilities[i] - best) / 2);
            cumulative[i] = total;
        }
        double target = uniform * total;
        for (int i = 0; i < cumulative.length; i++) {
            if (target < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** The best index; among equally good ones, the middle one, so that an exact median lands between its two halves. */
    static int best(double[] utilities) {
        if (utilities.length == 0) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double u : utilities) {
            best = Math.max(best, u);
        }
        int first = -1;
        int last = -1;
        for (int i = 0; i < utilities.length; i++) {
            if (utilities[i] == best) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        return (first + last) / 2;
    }
}
