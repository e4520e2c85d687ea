package org.ddrrbus.casework.publish;

import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Where the agency's signed events go: its outbox topic, written by a producer with {@code acks=all}. The future
 * completes once the brokers have the record. A port of its own, so the web layer can be tested without a broker.
 */
@FunctionalInterface
public interface Outbox {

    CompletableFuture<RecordMetadata> send(ProducerRecord<String, byte[]> record);
}
