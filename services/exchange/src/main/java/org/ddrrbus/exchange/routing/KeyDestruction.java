package org.ddrrbus.exchange.routing;

import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.EventCatalogue;

/**
 * Destroys an erased person's keys as the exchange's confirmation of the erasure leaves it, so the confirmation is
 * never written before the keys are gone.
 *
 * <p>It looks only at what the {@link Gate} decided to write: the gate delivers an {@code ErasureConfirmed} only for a
 * person it has erased, so nothing a sender writes can destroy the keys of a person not erased. Destroying is
 * idempotent: a transaction retried after a crash destroys nothing more.
 */
final class KeyDestruction implements FixedKeyProcessor<String, Outbound, Outbound> {

    private static final String CONFIRMED =
            EventCatalogue.get().byClass(ErasureConfirmed.class).cloudEventType();

    private final Consumer<String> destroyKeysOf;
    private FixedKeyProcessorContext<String, Outbound> context;

    KeyDestruction(Consumer<String> destroyKeysOf) {
        this.destroyKeysOf = destroyKeysOf;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outbound> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Outbound> record) {
        boolean toInbox = Topics.inboxOwner(record.value().topic()).isPresent();
        Optional<String> type = HeaderText.of(record.headers(), CloudEventHeaders.TYPE);
        if (toInbox && record.key() != null && type.filter(CONFIRMED::equals).isPresent()) {
            destroyKeysOf.accept(record.key());
        }
        context.forward(record);
    }
}
