package org.ddrrbus.federation.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.text.OneLine;

/**
 * How long the inlet waits for the other bus's key holder. While it gives no key (it does not answer, or answers 503
 * because it cannot record the grant), the inlet reads its batch again, as for any failure, so nothing is lost; once it
 * has given none for {@code patience}, the content it cannot open is refused with that reason and the sending bus is
 * told, so that one unreachable key holder does not hold the link up for good. Used by the inlet's one thread.
 */
final class KeyHolderOutage {

    private final String bus;
    private final Duration patience;
    private final Clock clock;
    private Instant since;

    KeyHolderOutage(String bus, Duration patience, Clock clock) {
        this.bus = bus;
        this.patience = patience;
        this.clock = clock;
    }

    /**
     * A batch committed: whatever failed before is over. Not a record that opened: a batch read again opens its other
     * records (or some with keys held in memory) before the one whose key cannot be had, every time, and the wait would
     * never end.
     */
    void committed() {
        since = null;
    }

    /**
     * The refusal for content ({@code plain}, the seal to this bus opened) whose opening failed with {@code failure},
     * once the key holder has given no key for the patience.
     *
     * @throws IllegalStateException {@code failure} itself before then, so that the batch is read again, and whenever
     *     the content is not sealed under the other bus's key of a person (no key holder was asked)
     */
    Rejection refusalAfter(IllegalStateException failure, byte[] plain) {
        if (!SubjectCipher.isSealed(plain)) {
            throw failure;
        }
        Instant now = clock.instant();
        if (since == null) {
            since = now;
        }
        if (Duration.between(since, now).compareTo(patience) < 0) {
            throw failure;
        }
        return new Rejection.KeyHolderUnreachable(
                bus, patience, OneLine.first(String.valueOf(failure.getMessage()), 160));
    }
}
