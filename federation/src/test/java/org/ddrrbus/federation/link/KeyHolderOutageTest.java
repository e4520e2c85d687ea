package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.RejectionReason;
import org.junit.jupiter.api.Test;

/** How long the inlet reads a batch again for a key holder that gives no key, and what it refuses after. */
class KeyHolderOutageTest {

    private static final Instant T = Instant.parse("2026-12-05T12:00:00Z");
    /** The content sealed under the other bus's key of a person, as the inlet meets it: its marker is enough here. */
    private static final byte[] SEALED = {(byte) 0xDD, 0x53, 0x01};

    private final AtomicReference<Instant> now = new AtomicReference<>(T);
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final KeyHolderOutage outage = new KeyHolderOutage("so", Duration.ofMinutes(10), clock);
    private final IllegalStateException unreachable =
            new IllegalStateException("the key holder at https://127.0.0.1:8196 did not answer: ConnectException");

    @Test
    void theBatchIsReadAgainUntilThePatienceIsOverThenTheContentIsRefused() {
        assertThatThrownBy(() -> outage.refusalAfter(unreachable, SEALED)).isSameAs(unreachable);
        now.set(T.plus(Duration.ofMinutes(9)));
        assertThatThrownBy(() -> outage.refusalAfter(unreachable, SEALED)).isSameAs(unreachable);

        now.set(T.plus(Duration.ofMinutes(10)));
        Rejection refused = outage.refusalAfter(unreachable, SEALED);

        assertThat(refused.reason()).isEqualTo(RejectionReason.OTHER);
        assertThat(refused.detail())
                .isEqualTo("bus so's key holder gave no key to open the content for 10 min (the key holder at"
                        + " https://127.0.0.1:8196 did not answer: ConnectException); its operator is to make it"
                        + " reachable");
    }

    @Test
    void aCommittedBatchStartsTheWaitAfresh() {
        assertThatThrownBy(() -> outage.refusalAfter(unreachable, SEALED)).isSameAs(unreachable);
        now.set(T.plus(Duration.ofMinutes(9)));
        outage.committed();

        now.set(T.plus(Duration.ofMinutes(11)));
        assertThatThrownBy(() -> outage.refusalAfter(unreachable, SEALED)).isSameAs(unreachable);
    }

    @Test
    void aFailureWhereNoKeyHolderWasAskedIsNeverWaitedForNorRefusedAsOne() {
        byte[] plainAvro = {(byte) 0xC3, 0x01};
        now.set(T.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> outage.refusalAfter(unreachable, plainAvro)).isSameAs(unreachable);
    }
}
