package org.ddrrbus.casework.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    @Test
    void aRequestWaitingForItsVerdictLearnsItWhenTheInboxBringsIt() throws Exception {
        DeliveryTracker tracker = new DeliveryTracker();
        tracker.published("e-1");
        CompletableFuture<DeliveryTracker.Status> waiting =
                CompletableFuture.supplyAsync(() -> tracker.await("e-1", Duration.ofSeconds(30)));

        tracker.rejected("e-1", "NO_CONSENT", "no consent covers referral");

        DeliveryTracker.Status status = waiting.get(10, TimeUnit.SECONDS);
        assertThat(status.rejected()).isTrue();
        assertThat(status.reason()).isEqualTo("NO_CONSENT");
        assertThat(tracker.status("e-1")).contains(status);
    }

    @Test
    void aVerdictThatArrivedBeforeTheWaitIsAnsweredAtOnce() {
        DeliveryTracker tracker = new DeliveryTracker();
        tracker.accepted("e-1");

        assertThat(tracker.await("e-1", Duration.ofMillis(1)).state()).isEqualTo("accepted");
    }

    @Test
    void anEventWithoutVerdictIsPendingAndAnUnknownOneHasNoStatus() {
        DeliveryTracker tracker = new DeliveryTracker();
        tracker.published("e-1");

        assertThat(tracker.status("e-1"))
                .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("pending"));
        assertThat(tracker.await("e-1", Duration.ofMillis(10)).state()).isEqualTo("pending");
        assertThat(tracker.status("never-published")).isEmpty();
    }

    @Test
    void onlyTheLatestEventsAreRememberedOldestForgottenFirst() {
        DeliveryTracker tracker = new DeliveryTracker(3);
        for (int i = 1; i <= 5; i++) {
            tracker.published("e-" + i);
            tracker.accepted("e-" + i);
        }

        assertThat(tracker.status("e-1")).isEmpty();
        assertThat(tracker.status("e-2")).isEmpty();
        for (int i = 3; i <= 5; i++) {
            assertThat(tracker.status("e-" + i))
                    .hasValueSatisfying(s -> assertThat(s.state()).isEqualTo("accepted"));
        }
    }

    @Test
    void theDefaultServiceRemembersTenThousandEventsAndNoMore() {
        DeliveryTracker tracker = new DeliveryTracker();
        for (int i = 0; i <= DeliveryTracker.REMEMBERED; i++) {
            tracker.published("e-" + i);
        }

        assertThat(tracker.status("e-0")).isEmpty();
        assertThat(tracker.status("e-" + DeliveryTracker.REMEMBERED)).isPresent();
    }
}
