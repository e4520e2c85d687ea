package org.ddrrbus.exchange.routing;

import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.SubjectCipher;
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
 *
 * <p>It also tells the key holder which agencies a person's sealed events are delivered to, before they are written,
 * so that a recipient can ask for the key as soon as it reads the delivery, and nobody else can. A transaction that
 * aborts after this is retried and delivers the same again.
 */
final class KeyDestruction implements FixedKeyProcessor<String, Outbound, Outbound> {

    private static final String CONFIRMED =
            EventCatalogue.get().byClass(ErasureConfirmed.class).cloudEventType();

    private final Consumer<String> destroyKeysOf;
    private final BiConsumer<String, String> deliveredTo;
    private FixedKeyProcessorContext<String, Outbound> context;

    KeyDestruction(Consumer<String> destroyKeysOf, BiConsumer<String, String> deliveredTo) {
        this.destroyKeysOf = destroyKeysOf;
        this.deliveredTo = deliveredTo;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Outbound> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Outbound> record) {
        Optional<String> recipient = Topics.inboxOwner(record.value().topic());
        Optional<String> type = HeaderText.of(record.headers(), CloudEventHeaders.TYPE);
        if (recipient.isPresent()
                && record.key() != null
                && type.filter(CONFIRMED::equals).isPresent()) {
            destroyKeysOf.accept(record.key());
        }
        if (recipient.isPresent()
                && record.key() != null
                && SubjectCipher.isSealed(record.value().value())) {
            deliveredTo.accept(record.key(), recipient.get());
        }
        context.forward(record);
    }
}
