package org.ddrrbus.casework.inbox;

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
}
