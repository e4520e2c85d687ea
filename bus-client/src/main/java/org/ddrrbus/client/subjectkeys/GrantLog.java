package org.ddrrbus.client.subjectkeys;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.ddrrbus.events.SubjectKeyAnswered;

/**
 * Where the key holder records each answer to a request for a person's key. The future completes once the record is
 * kept (on the bus: acknowledged by every in-sync replica) and fails when it cannot be; a granted key is given only
 * after it completed.
 */
@FunctionalInterface
public interface GrantLog {

    /** How long a grant waits for its record to be kept before the key is refused instead. */
    Duration RECORD_WAIT = Duration.ofMillis(BusGrantLog.DELIVERY_TIMEOUT_MS + 2_000L);

    CompletableFuture<Void> record(SubjectKeyAnswered answer);
}
