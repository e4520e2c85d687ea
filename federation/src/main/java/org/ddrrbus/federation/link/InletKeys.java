package org.ddrrbus.federation.link;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;

/**
 * The other bus's keys of the people a batch is about, asked of that bus's key holder together before the batch is
 * handled, rather than one round trip (and one grant record) after another. What fails here is asked again, and
 * answered, when its record is handled.
 */
final class InletKeys implements AutoCloseable {

    /** Requests in flight at once: the key holder records each grant before it answers. */
    private static final int AT_ONCE = 4;

    private final HttpSubjectKeys keys;
    private final InletSealing sealing;
    private final ExecutorService asking;

    InletKeys(HttpSubjectKeys keys, InletSealing sealing) {
        this.keys = keys;
        this.sealing = sealing;
        this.asking = Executors.newFixedThreadPool(AT_ONCE, task -> {
            Thread thread = new Thread(task, "federation-inlet-keys");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Asks for every key that the batch's copies name inside the seal to this bus and that is not held yet. */
    void ask(List<ConsumerRecord<String, byte[]>> batch) {
        Set<SubjectKeyId> named = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            inner(record).ifPresent(named::add);
        }
        if (named.size() < 2) {
            return; // nothing to gain: the record asks for it itself
        }
        CompletableFuture.allOf(named.stream()
                        .map(id -> CompletableFuture.runAsync(() -> keys.find(id), asking)
                                .exceptionally(failure -> null))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    private Optional<SubjectKeyId> inner(ConsumerRecord<String, byte[]> record) {
        try {
            byte[] opened = sealing.opened(record);
            return SubjectCipher.isSealed(opened)
                    ? Optional.of(SubjectCipher.parse(opened).keyId())
                    : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty(); // refused for it when handled
        }
    }

    @Override
    public void close() {
        asking.shutdownNow();
    }
}
