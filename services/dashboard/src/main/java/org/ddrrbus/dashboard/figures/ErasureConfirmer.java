package org.ddrrbus.dashboard.figures;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.SubjectErased;

/**
 * Confirms on the bus that the dashboard has dropped an erased person: for each {@code SubjectErased} the case owner
 * writes to its own outbox (the one {@link SubjectProcessor} erases on), an {@code ErasureConfirmed} of component
 * {@value Components#DASHBOARD}, signed with the dashboard's own key, to the dashboard's outbox. The exchange routes it
 * to the case owner like a partner's. It is written in the same exactly-once transaction as the stores' deletions, so
 * it is sent once the person is gone from them, once, whatever crashes.
 */
final class ErasureConfirmer implements Processor<String, byte[], String, byte[]> {

    private final EventCodec codec;
    private final RecordSigner signer;
    private final Predicate<String> mayErase;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;

    ErasureConfirmer(EventCodec codec, RecordSigner signer, Predicate<String> mayErase, Clock clock) {
        this.codec = codec;
        this.signer = signer;
        this.mayErase = mayErase;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        Optional<String> owner = Topics.outboxOwner(metadata.topic());
        if (owner.isEmpty() || !mayErase.test(owner.get())) {
            return;
        }
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        if (!(codec.open(origin, record.headers(), record.value()) instanceof Opened.Valid valid)
                || !(valid.envelope().event() instanceof SubjectErased erased)
                || !valid.envelope().sender().equals(owner.get())) {
            return;
        }
        Envelope confirmation = codec.envelope(
                Components.DASHBOARD,
                new ErasureConfirmed(
                        erased.getSubjectRef(), valid.envelope().id(), Components.DASHBOARD, clock.instant()));
        ProducerRecord<String, byte[]> out = codec.seal(Topics.outbox(Components.DASHBOARD), confirmation);
        signer.signEvents(List.of(out.headers()), List.of(out.value()));
        context.forward(new Record<>(out.key(), out.value(), record.timestamp(), out.headers()));
    }
}
