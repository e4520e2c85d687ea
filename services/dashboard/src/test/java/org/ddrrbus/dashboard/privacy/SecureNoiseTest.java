package org.ddrrbus.dashboard.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The noise's own promise, checked on its draws: one event moves the odds of any published value by at most e^ε. */
class SecureNoiseTest {

    private static final int DRAWS = 200_000;
    // A seeded source keeps the test repeatable; production draws from SecureRandom (Noise.secure()).
    private final Noise noise = new SecureNoise(new Random(20261203L));

    @Test
    void geometricNoiseHasTheDiscreteLaplaceShapeAndNoBias() {
        double epsilon = 0.5;
        double alpha = Math.exp(-epsilon);
        Map<Long, Integer> seen = new TreeMap<>();
        double sum = 0;
        for (int i = 0; i < DRAWS; i++) {
            long k = noise.geometric(epsilon);
            seen.merge(k, 1, Integer::sum);
            sum += k;
        }
        // Unbiased: the mean is 0, within four standard errors (variance 2 alpha / (1 - alpha)^2).
        double sd = Math.sqrt(2 * alpha) / (1 - alpha);
        assertThat(Math.abs(sum / DRAWS)).isLessThan(4 * sd / Math.sqrt(DRAWS));
        for (long k = -4; k <= 4; k++) {
            double expected = (1 - alpha) / (1 + alpha) * Math.pow(alpha, Math.abs(k));
            double observed = seen.getOrDefault(k, 0) / (double) DRAWS;
            assertThat(observed).as("P(%d)", k).isCloseTo(expected, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    @Test
    void neighbouringCountsArePublishedWithOddsWithinEToTheEpsilon() {
        double epsilon = 1.0;
        // Near zero on purpose: clamping at zero must not break the bound either.
        Map<Long, Integer> withoutOne = published(2, epsilon);
        Map<Long, Integer> withOne = published(3, epsilon);
        double worst = Guarantee.worstLogRatio(withoutOne, withOne, 500);
        assertThat(worst).isLessThanOrEqualTo(epsilon + 0.1);
        // And the bound is met, not just respected: the tails differ by e^ε, as they should.
        assertThat(worst).isGreaterThan(epsilon - 0.15);
    }

    @Test
    void withoutNoiseTheSameCheckSeesTheDifferenceExactly() {
        Map<Long, Integer> withoutOne = new TreeMap<>(Map.of(28L, DRAWS));
        Map<Long, Integer> withOne = new TreeMap<>(Map.of(29L, DRAWS));
        assertThat(Guarantee.worstLogRatio(withoutOne, withOne, 500)).isInfinite();
    }

    @Test
    void exponentialMechanismMovesNoChoiceByMoreThanEToTheEpsilon() {
        double epsilon = 1.0;
        double[] before = {-3, -2, -1, 0, -1, -2};
        double[] after = {-4, -3, -2, -1, 0, -1}; // one more value above the median: every utility moves by one
        Map<Long, Integer> a = new TreeMap<>();
        Map<Long, Integer> b = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            a.merge((long) noise.exponential(before, epsilon), 1, Integer::sum);
            b.merge((long) noise.exponential(after, epsilon), 1, Integer::sum);
        }
        assertThat(Guarantee.worstLogRatio(a, b, 500)).isLessThanOrEqualTo(epsilon + 0.1);
        assertThat(Noise.NONE.exponential(before, epsilon)).isEqualTo(3);
    }

    @Test
    void epsilonThatIsNotAPositiveNumberIsRefused() {
        assertThatThrownBy(() -> noise.geometric(0)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> noise.geometric(Double.NaN)).hasMessageContaining("epsilon");
    }

    private Map<Long, Integer> published(long count, double epsilon) {
        Map<Long, Integer> seen = new TreeMap<>();
        for (int i = 0; i < DRAWS; i++) {
            seen.merge(Math.max(0, count + noise.geometric(epsilon)), 1, Integer::sum);
        }
        return seen;
    }
}
