package org.ddrrbus.exchange.seal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.ddrrbus.client.envelope.RecordOrigin;

/**
 * An inbox record the exchange's producer holds until its chunk is countersigned, with what Kafka Streams gave with it.
 *
 * @param input the ledger record it answers, told to the handler of refused writes when it is sent
 */
record HeldDelivery(
        ProducerRecord<byte[], byte[]> record,
        Callback callback,
        CompletableFuture<RecordMetadata> result,
        Optional<RecordOrigin> input) {}
