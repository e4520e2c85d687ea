package org.ddrrbus.federation.link;

import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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

    /**
     * Opens the seal to this bus of each copy in the batch, asks for every key of the other bus that those name inside
     * and that is not held yet (never one of a person erased here), and returns what it opened, by record, so that the inlet does not open it again. A copy
     * whose seal does not open is left out: refused for it when handled.
     */
    Map<ConsumerRecord<String, byte[]>, byte[]> ask(List<ConsumerRecord<String, byte[]>> batch) {
        Map<ConsumerRecord<String, byte[]>, byte[]> opened = new IdentityHashMap<>();
        Set<SubjectKeyId> named = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : batch) {
            try {
                byte[] plain = sealing.opened(record);
                opened.put(record, plain);
                if (sealing.erasedBeforeAsking(plain).isEmpty() && SubjectCipher.isSealed(plain)) {
                    named.add(SubjectCipher.parse(plain).keyId());
                }
            } catch (RuntimeException e) {
                // Refused for it when handled.
            }
        }
        if (named.size() >= 2) { // for one key, nothing to gain: its record asks for it itself
            CompletableFuture.allOf(named.stream()
                            .map(id -> CompletableFuture.runAsync(() -> keys.find(id), asking)
                                    .exceptionally(failure -> null))
                            .toArray(CompletableFuture[]::new))
                    .join();
        }
        return opened;
    }

    @Override
    public void close() {
        asking.shutdownNow();
    }
}
