package org.ddrrbus.casework.signin;

import java.time.Duration;
import org.springframework.security.authentication.LockedException;

/**
 * Sign-in refused because the account is locked after too many wrong passwords. A {@link LockedException}, so that
 * Spring Security stops at once instead of asking any other provider.
 */
public final class SignInLocked extends LockedException {

    private final Duration remaining;

    public SignInLocked(Duration remaining) {
        super("too many wrong passwords for this account: it is locked for " + seconds(remaining) + " more seconds");
        this.remaining = remaining;
    }

    /** Whole seconds until the lock ends, rounded up: what {@code Retry-After} says. */
    public long retryAfterSeconds() {
        return seconds(remaining);
    }

    private static long seconds(Duration remaining) {
        return Math.max(1, (remaining.toMillis() + 999) / 1000);
    }
}
