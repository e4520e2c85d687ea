package org.ddrrbus.client.referral;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ddrrbus.events.Priority;

/**
 * How long the receiving agency has to answer a referral, by its priority, and whether that time has passed. The
 * services' referral lists and the dashboard's overdue figures both ask here, so that "overdue" means one thing.
 */
public record ReferralDeadline(Clock clock) {

    /** Judged by the system clock, in UTC. */
    public static ReferralDeadline systemUtc() {
        return new ReferralDeadline(Clock.systemUTC());
    }

    /** The time a referral of this priority allows the receiving agency. */
    public static Duration allowed(Priority priority) {
        return switch (priority) {
            case WITHIN_24_HOURS -> Duration.ofHours(24);
            case WITHIN_72_HOURS -> Duration.ofHours(72);
            case WITHIN_2_WEEKS -> Duration.ofDays(14);
        };
    }

    /**
     * The time allowed for a priority given by its name, as a reader of a newer schema may meet it: a priority this
     * version does not know is treated as the most urgent, as the schema says.
     */
    public static Duration allowed(String priority) {
        for (Priority known : Priority.values()) {
            if (known.name().equals(priority)) {
                return allowed(known);
            }
        }
        return allowed(Priority.WITHIN_24_HOURS);
    }

    /** When a referral issued at {@code issuedAt} with {@code priority} must be answered by. */
    public static Instant dueBy(Instant issuedAt, Priority priority) {
        return issuedAt.plus(allowed(priority));
    }

    /** Whether {@code dueBy} has passed by this deadline's clock. */
    public boolean passed(Instant dueBy) {
        return clock.instant().isAfter(dueBy);
    }
}
