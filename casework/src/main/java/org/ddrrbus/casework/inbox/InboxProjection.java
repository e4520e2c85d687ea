package org.ddrrbus.casework.inbox;

import java.util.List;
import org.ddrrbus.client.envelope.Envelope;

/**
 * A read model fed from the agency's inbox. The inbox is replayed from its beginning at every start, so a projection
 * holds nothing that cannot be rebuilt: Kafka is the source of truth.
 *
 * @see InboxConsumer
 */
public interface InboxProjection {

    /**
     * @param envelope an event the agency received, or its own event as accepted by the exchange
     * @param purpose the purpose it was shared under; empty for the agency's own events
     */
    void apply(Envelope envelope, String purpose);

    /**
     * The same, knowing which fields the agreement withheld from this agency's copy (empty for its own events): a
     * projection that shows events to staff overrides this one, to mark them withheld rather than absent.
     */
    default void apply(Envelope envelope, String purpose, List<String> withheld) {
        apply(envelope, purpose);
    }

    /**
     * The same, knowing where the record crossed between national buses ({@link Crossing#NONE} when it did not): a
     * projection that keeps who sent what overrides this one, to name the agency of the other bus rather than this
     * bus's exchange, which delivered it.
     */
    default void apply(Envelope envelope, String purpose, List<String> withheld, Crossing crossing) {
        apply(envelope, purpose, withheld);
    }
}
