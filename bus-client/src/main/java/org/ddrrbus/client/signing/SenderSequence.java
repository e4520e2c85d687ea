package org.ddrrbus.client.signing;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A sender's sequence numbers: strictly increasing within a process, and across restarts as long as the clock does
 * not go back, since each number is at least the current time in microseconds. No state is kept on disk, and a node
 * that signs offline for weeks still numbers its events above everything it sent before.
 *
 * <p>The exchange refuses an event whose number is not above the last it accepted from the same sender on the same
 * outbox partition ({@code REPLAYED}). So a sender must send events in the order it numbered them: sign and send under
 * one lock, or sign a batch and send it in order on one idempotent producer, as {@link RecordSigner} callers do.
 */
public final class SenderSequence {

    /** One sequence for every signer in this process, so two signers of one agency never interleave numbers. */
    public static final SenderSequence JVM = new SenderSequence(Clock.systemUTC());

    public static final int BYTES = Long.BYTES;

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    public SenderSequence(Clock clock) {
        this.clock = clock;
    }

    /** The next number: above the last one, and not below the clock's microseconds. */
    public long next() {
        Instant now = clock.instant();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return last.updateAndGet(previous -> Math.max(previous + 1, micros));
    }

    /** Gives an event the next number, replacing any it had. */
    void number(Headers headers) {
        headers.remove(SignatureHeaders.SEQUENCE);
        headers.add(
                SignatureHeaders.SEQUENCE,
                ByteBuffer.allocate(BYTES).putLong(next()).array());
    }

    /**
     * An event's number, if it carries exactly one well-formed one; empty if it carries none, and a negative number
     * (never issued) if the header is repeated or not 8 bytes.
     */
    public static Optional<Long> of(Headers headers) {
        Long found = null;
        for (Header header : headers.headers(SignatureHeaders.SEQUENCE)) {
            if (found != null || header.value() == null || header.value().length != BYTES) {
                return Optional.of(-1L);
            }
            found = ByteBuffer.wrap(header.value()).getLong();
        }
        return Optional.ofNullable(found);
    }
}
