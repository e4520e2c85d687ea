package org.ddrrbus.exchange.seal;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.UnwritableInputs;

/** Gives the exchange's Kafka Streams application plain clients, except that its producers countersign deliveries. */
public final class CountersigningClientSupplier implements KafkaClientSupplier {

    private final Supplier<SigningKey> exchangeKeys;
    private final UnwritableInputs unwritable;

    /** @param exchangeKeys the exchange's key at each transaction, so a rotation takes effect without a restart */
    public CountersigningClientSupplier(Supplier<SigningKey> exchangeKeys, UnwritableInputs unwritable) {
        this.exchangeKeys = exchangeKeys;
        this.unwritable = unwritable;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        return new CountersigningProducer(
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer()),
                RecordSigner.exchange(exchangeKeys),
                unwritable);
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }

    @Override
    public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        return getConsumer(config);
    }
}
