package org.ddrrbus.exchange.seal;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.Producer;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.streams.UnwritableInputs;

/** Countersigns one chunk of held deliveries with one signature over their Merkle root, then sends them in order. */
final class ChunkRelease {

    private final Producer<byte[], byte[]> delegate;
    private final RecordSigner countersigner;
    private final UnwritableInputs unwritable;

    ChunkRelease(Producer<byte[], byte[]> delegate, RecordSigner countersigner, UnwritableInputs unwritable) {
        this.delegate = delegate;
        this.countersigner = countersigner;
        this.unwritable = unwritable;
    }

    void release(List<HeldDelivery> chunk) {
        List<RecordSigner.Signable> deliveries = new ArrayList<>(chunk.size());
        for (HeldDelivery h : chunk) {
            RecordSigner.Signable.delivery(
                            h.record().topic(), h.record().headers(), h.record().value())
                    .ifPresent(deliveries::add);
        }
        countersigner.sign(deliveries);
        for (HeldDelivery h : chunk) {
            if (h.input().isPresent()) {
                // Sent later than the topology wrote it: tell the handler which input it answers.
                unwritable.sentFor(
                        h.record(),
                        h.input().get().topic(),
                        h.input().get().partition(),
                        h.input().get().offset());
            }
            delegate.send(h.record(), (metadata, exception) -> {
                if (h.callback() != null) {
                    h.callback().onCompletion(metadata, exception);
                }
                unwritable.sent(h.record());
                if (exception != null) {
                    h.result().completeExceptionally(exception);
                } else {
                    h.result().complete(metadata);
                }
            });
        }
    }

    /** Drops a chunk that will never be sent (its transaction is aborted or has failed). */
    void drop(List<HeldDelivery> chunk) {
        chunk.forEach(h -> unwritable.sent(h.record()));
    }
}
