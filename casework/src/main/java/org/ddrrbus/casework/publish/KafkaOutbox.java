package org.ddrrbus.casework.publish;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/** The agency's outbox on the bus, written through the template: a send completes once every in-sync replica has it. */
@Component
class KafkaOutbox implements Outbox {

    private final KafkaTemplate<String, byte[]> kafka;

    KafkaOutbox(KafkaTemplate<String, byte[]> kafka) {
        this.kafka = kafka;
    }

    @Override
    public CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return kafka.send(record).thenApply(SendResult::getRecordMetadata);
    }
}
