package org.ddrrbus.dashboard.privacy;

import java.security.SecureRandom;

/**
 * The randomness of a release. Each method is a differentially private mechanism for a quantity that one event changes
 * by at most one (its sensitivity), with {@code epsilon} the privacy loss of that one draw: for any output, its
 * probability with and without the event differs by a factor of at most {@code e^epsilon}.
 */
public interface Noise {

    /** No noise at all: the exact figures, for tests that check the counting and the suppression themselves. */
    Noise NONE = new Noise() {
        @Override
        public long geometric(double epsilon) {
            return 0;
        }

        @Override
        public int exponential(double[] utilities, double epsilon) {
            return Exponential.best(utilities);
        }
    };

    /**
     * Two-sided geometric (discrete Laplace) noise: {@code k} with probability proportional to
     * {@code e^(-epsilon |k|)}. Added to a count that one event changes by at most one, it makes that count
     * epsilon-differentially private.
     */
    long geometric(double epsilon);

    /**
     * The exponential mechanism: index {@code i} with probability proportional to {@code e^(epsilon u_i / 2)}, for
     * utilities that one event changes by at most one. Used where the answer is not a count, such as a median.
     */
    int exponential(double[] utilities, double epsilon);

    /** Noise from a {@link SecureRandom}: its draws cannot be predicted from earlier ones, unlike a seeded PRNG. */
    static Noise secure() {
        return new SecureNoise(new SecureRandom());
    }
}
