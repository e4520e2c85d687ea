package org.ddrrbus.dashboard.privacy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The check of a differential privacy bound on samples: for every published value seen often enough, the log of the
 * ratio of its frequencies in two neighbouring worlds. A value seen often in one world and never in the other gives
 * infinity: the value gives the world away.
 */
public final class Guarantee {

    private Guarantee() {}

    /**
     * @param often a value counts once it was seen this many times in either world; rarer ones are sampling noise
     * @return the largest log-ratio, less three standard errors of its estimate, so that sampling alone does not fail it
     */
    public static <T> double worstLogRatio(Map<T, Integer> a, Map<T, Integer> b, int often) {
        Set<T> values = new HashSet<>(a.keySet());
        values.addAll(b.keySet());
        double worst = 0;
        for (T value : values) {
            int x = a.getOrDefault(value, 0);
            int y = b.getOrDefault(value, 0);
            if (Math.max(x, y) < often) {
                continue;
            }
            if (x == 0 || y == 0) {
                return Double.POSITIVE_INFINITY;
            }
            double ratio = Math.abs(Math.log((double) x / y));
            double error = 3 * Math.sqrt(1.0 / x + 1.0 / y);
            worst = Math.max(worst, Math.max(0, ratio - error));
        }
        return worst;
    }
}
