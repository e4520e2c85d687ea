package org.ddrrbus.casework.signin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Counts failed sign-ins per account name and locks an account as its {@link SignInPolicy} says. Names that are no
 * account are counted too, so a lock tells a stranger nothing about which names exist; the count is kept for at most
 * {@value #TRACKED} names, the least recently tried forgotten first, so that a flood of invented names cannot fill the
 * memory.
 */
final class SignInGuard {

    static final int TRACKED = 10_000;

    private record Failures(int inARow, int locks, Instant lockedUntil) {}

    private final SignInPolicy policy;
    private final Clock clock;
    private final Map<String, Failures> failures = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > TRACKED;
        }
    };

    public SignInGuard(SignInPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** How much longer the account stays locked, if it is locked. */
    public synchronized Optional<Duration> lockedFor(String name) {
        Failures state = failures.get(name);
        Instant now = clock.instant();
        if (state == null || state.lockedUntil() == null || !state.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, state.lockedUntil()));
    }

    /** A wrong password (or an unknown name); returns how long the account is now locked, if this locked it. */
    public synchronized Optional<Duration> failed(String name) {
        Failures state = failures.getOrDefault(name, new Failures(0, 0, null));
        int inARow = state.inARow() + 1;
        if (inARow < policy.maxFailures()) {
            failures.put(name, new Failures(inARow, state.locks(), state.lockedUntil()));
            return Optional.empty();
        }
        int locks = state.locks() + 1;
        Duration lock = lockFor(locks);
        failures.put(name, new Failures(0, locks, clock.instant().plus(lock)));
        return Optional.of(lock);
    }

    /** A right password: the account starts afresh. */
    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    private Duration lockFor(int locks) {
        Duration lock = policy.lockout();
        for (int i = 1; i < locks && lock.compareTo(policy.longestLockout()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(policy.longestLockout()) > 0 ? policy.longestLockout() : lock;
    }
}
