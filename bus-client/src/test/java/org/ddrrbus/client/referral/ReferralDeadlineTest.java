package org.ddrrbus.client.referral;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ddrrbus.events.Priority;
import org.junit.jupiter.api.Test;

class ReferralDeadlineTest {

    private final Instant issued = Instant.parse("2026-03-02T08:00:00Z");

    @Test
    void eachPriorityAllowsItsOwnTime() {
        assertThat(ReferralDeadline.dueBy(issued, Priority.WITHIN_24_HOURS)).isEqualTo("2026-03-03T08:00:00Z");
        assertThat(ReferralDeadline.dueBy(issued, Priority.WITHIN_72_HOURS)).isEqualTo("2026-03-05T08:00:00Z");
        assertThat(ReferralDeadline.dueBy(issued, Priority.WITHIN_2_WEEKS)).isEqualTo("2026-03-16T08:00:00Z");
    }

    @Test
    void aPriorityNamedByANewerSchemaIsTheMostUrgent() {
        assertThat(ReferralDeadline.allowed("WITHIN_72_HOURS")).isEqualTo(Duration.ofHours(72));
        assertThat(ReferralDeadline.allowed("WITHIN_THE_HOUR")).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void theDeadlinePassesByItsClockNotTheMachines() {
        Instant due = ReferralDeadline.dueBy(issued, Priority.WITHIN_24_HOURS);

        assertThat(new ReferralDeadline(Clock.fixed(due, ZoneOffset.UTC)).passed(due))
                .isFalse();
        assertThat(new ReferralDeadline(Clock.fixed(due.plusSeconds(1), ZoneOffset.UTC)).passed(due))
                .isTrue();
    }
}
