package org.ddrrbus.casework.signin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInGuardTest {

    private final MovingClock clock = new MovingClock();
    private final SignInGuard guard = new SignInGuard(
            new SignInPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(5)), clock);

    @Test
    void wrongPasswordsInARowLockTheAccountForTheLockout() {
        assertThat(guard.failed("nctc-caseworker")).isEmpty();
        assertThat(guard.failed("nctc-caseworker")).isEmpty();
        assertThat(guard.lockedFor("nctc-caseworker")).isEmpty();

        assertThat(guard.failed("nctc-caseworker")).contains(Duration.ofMinutes(1));

        assertThat(guard.lockedFor("nctc-caseworker")).contains(Duration.ofMinutes(1));
        assertThat(guard.lockedFor("nctc-supervisor")).isEmpty();
        clock.advance(Duration.ofSeconds(59));
        assertThat(guard.lockedFor("nctc-caseworker")).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(guard.lockedFor("nctc-caseworker")).isEmpty();
    }

    @Test
    void eachLockLastsTwiceAsLongUpToTheLongest() {
        for (Duration expected : new Duration[] {
            Duration.ofMinutes(1),
            Duration.ofMinutes(2),
            Duration.ofMinutes(4),
            Duration.ofMinutes(5),
            Duration.ofMinutes(5)
        }) {
            guard.failed("intruder");
            guard.failed("intruder");
            assertThat(guard.failed("intruder")).contains(expected);
            clock.advance(expected);
        }
    }

    @Test
    void rightPasswordStartsTheAccountAfresh() {
        guard.failed("iom-viewer");
        guard.failed("iom-viewer");
        guard.succeeded("iom-viewer");

        assertThat(guard.failed("iom-viewer")).isEmpty();
        assertThat(guard.failed("iom-viewer")).isEmpty();
        assertThat(guard.failed("iom-viewer")).contains(Duration.ofMinutes(1));
    }

    @Test
    void aFloodOfInventedNamesIsForgottenOldestFirst() {
        for (int i = 0; i < 3; i++) {
            guard.failed("first");
        }
        for (int i = 0; i < SignInGuard.TRACKED; i++) {
            guard.failed("invented-" + i);
        }

        assertThat(guard.lockedFor("first")).isEmpty();
    }

    /** A clock the test moves. */
    static final class MovingClock extends Clock {

        private Instant now = Instant.parse("2026-01-05T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
