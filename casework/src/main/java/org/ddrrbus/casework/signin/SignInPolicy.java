package org.ddrrbus.casework.signin;

import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How hard guessing a staff password is made. HTTP Basic checks the password on every request, so each guess is one
 * request: after {@code maxFailures} wrong passwords in a row an account is locked for {@code lockout}, twice as long
 * each time it is locked again, up to {@code longestLockout}; a successful sign-in starts it afresh. While an account
 * is locked even its right password is refused, or the lock would not stop anyone guessing.
 *
 * @param maxFailures wrong passwords in a row that lock an account
 * @param lockout how long the first lock lasts
 * @param longestLockout the longest a lock lasts however often the account is locked again
 * @param remembered how long a password that was just checked is accepted again without paying the hash's cost
 */
public record SignInPolicy(
        @DefaultValue("5") int maxFailures,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("1h") Duration longestLockout,
        @DefaultValue("5m") Duration remembered) {

    /**
     * The work factor of the stored hashes. Measured on a 2-core machine: cost 10 takes about 75 ms per check, 12
     * about 300 ms. Hashes live only in memory, so the cost guards a leaked heap rather than a leaked file; the lock
     * bounds online guessing; and every wrong password a stranger sends costs the service one check. Cost 10 is the
     * least OWASP recommends, and a correct password is checked once per {@code remembered}, not on every request.
     */
    public static final int BCRYPT_COST = 10;

    /** The policy of a component that is not configured: the same as the defaults of its settings above. */
    public static final SignInPolicy DEFAULT =
            new SignInPolicy(5, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(5));

    public SignInPolicy {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        if (lockout == null || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lockout must be positive");
        }
        if (longestLockout == null || longestLockout.compareTo(lockout) < 0) {
            throw new IllegalArgumentException("longestLockout must be at least lockout");
        }
        if (remembered == null || remembered.isNegative()) {
            throw new IllegalArgumentException("remembered must not be negative");
        }
    }
}
