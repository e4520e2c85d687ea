package org.ddrrbus.exchange.seal;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
    private final int chunk;
    private final boolean ownThread;

    /**
     * @param exchangeKeys the exchange's key at each chunk, so a rotation takes effect without a restart
     * @param chunk how many deliveries one countersignature covers at most
     * @param ownThread whether full chunks are countersigned and sent on a thread of their own per producer, while
     *     the stream thread goes on, rather than on the stream thread
     */
    public CountersigningClientSupplier(
            Supplier<SigningKey> exchangeKeys, UnwritableInputs unwritable, int chunk, boolean ownThread) {
        this.exchangeKeys = exchangeKeys;
        this.unwritable = unwritable;
        this.chunk = chunk;
        this.ownThread = ownThread;
    }

    @Override
    public Admin getAdmin(Map<String, Object> config) {
        return Admin.create(config);
    }

    @Override
    public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        Producer<byte[], byte[]> kafka =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        ChunkRelease release = new ChunkRelease(kafka, RecordSigner.exchange(exchangeKeys), unwritable);
        ChunkSending sending = ownThread
                ? ChunkSending.onOwnThread(release, config.get(ProducerConfig.CLIENT_ID_CONFIG) + "-countersigner")
                : ChunkSending.onCallingThread(release);
        return new CountersigningProducer(kafka, unwritable, chunk, sending);
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
