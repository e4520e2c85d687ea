package org.ddrrbus.dashboard.privacy;

import java.util.Random;

/**
 * {@link Noise} drawn from a cryptographic random source.
 *
 * <p>A two-sided geometric variable is the difference of two independent geometric ones, each drawn by inversion:
 * {@code floor(ln U / ln alpha)} with {@code alpha = e^-epsilon} and {@code U} uniform in (0, 1]. The result is a whole
 * number, so the low-order bits of a floating-point sample, which betray continuous Laplace noise, are never
 * published.
 */
final class SecureNoise implements Noise {

    private final Random random;

    /** @param random a {@link java.security.SecureRandom} in production; a seeded one only in tests */
    SecureNoise(Random random) {
        this.random = random;
    }

    @Override
    public long geometric(double epsilon) {
        requirePositive(epsilon);
        return oneSided(epsilon) - oneSided(epsilon);
    }

    private long oneSided(double epsilon) {
        double uniform = 1.0 - random.nextDouble(); // (0, 1]: ln 0 never happens
        return (long) Math.floor(Math.log(uniform) / -epsilon);
    }

    @Override
    public int exponential(double[] utilities, double epsilon) {
        requirePositive(epsilon);
        return Exponential.draw(utilities, epsilon, random.nextDouble());
    }

    private static void requirePositive(double epsilon) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite: " + epsilon);
        }
    }
}
