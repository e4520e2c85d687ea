package org.ddrrbus.exchange.seal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;

/**
 * The exchange's producer, which countersigns what one transaction delivers in chunks, one signature per chunk.
 *
 * <p>Inbox records are held back from the moment the exchange's topology sends them until {@code chunk} of them are
 * held, or Kafka Streams commits: then one Ed25519 signature over the Merkle root of their delivery leaves is added to
 * each, with its inclusion proof, and they are sent, all inside the transaction, before the offsets and the
 * transaction are committed. Recipients read with read_committed, so they see none of them before the commit, and a
 * crash before the commit aborts the transaction as it would without the hold. A full chunk is countersigned and sent
 * while the stream thread goes on processing ({@link ChunkSending}: on a thread of its own, or on the stream thread);
 * the commit waits until every chunk is sent. Other records (state store changelogs, the quarantine) pass straight
 * through; inbox records keep their order among themselves.
 */
final class CountersigningProducer implements Producer<byte[], byte[]> {

    private final Producer<byte[], byte[]> delegate;
    private final UnwritableInputs unwritable;
    private final int chunk;
    private final ChunkSending sending;
    private List<HeldDelivery> held = new ArrayList<>();

    /**
     * @param chunk how many deliveries one signature covers at most
     * @param sending where full chunks are countersigned and sent, by {@code delegate}'s {@link ChunkRelease}
     */
    CountersigningProducer(
            Producer<byte[], byte[]> delegate, UnwritableInputs unwritable, int chunk, ChunkSending sending) {
        if (chunk < 1) {
            throw new IllegalArgumentException("a chunk holds at least one delivery, not " + chunk);
        }
        this.delegate = delegate;
        this.unwritable = unwritable;
        this.chunk = chunk;
        this.sending = sending;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    @Override
    public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        if (!record.topic().startsWith(Topics.INBOX_PREFIX)) {
            return delegate.send(record, callback);
        }
        CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
        held.add(new HeldDelivery(record, callback, result, InputMark.take(record.headers())));
        if (held.size() >= chunk) {
            handOver();
        }
        return result;
    }

    private void handOver() {
        List<HeldDelivery> full = held;
        held = new ArrayList<>(Math.min(chunk, 1024));
        sending.hand(full);
    }

    /** Countersigns and sends the rest of what is held, and waits until every chunk of the transaction is sent. */
    private synchronized void release() {
        if (!held.isEmpty()) {
            handOver();
        }
        sending.finish();
    }

    @Override
    public void flush() {
        release();
        delegate.flush();
    }

    @Override
    public void sendOffsetsToTransaction(
            Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata)
            throws ProducerFencedException {
        release();
        delegate.sendOffsetsToTransaction(offsets, groupMetadata);
    }

    @Override
    public void commitTransaction() throws ProducerFencedException {
        release();
        delegate.commitTransaction();
    }

    @Override
    public synchronized void abortTransaction() throws ProducerFencedException {
        // Nothing held or still queued is sent; the aborted transaction's input is processed again by its next owner.
        sending.abandon();
        held.forEach(h -> unwritable.sent(h.record()));
        held.clear();
        delegate.abortTransaction();
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() throws ProducerFencedException {
        delegate.beginTransaction();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        delegate.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        delegate.unregisterMetricFromSubscription(metric);
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return delegate.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return delegate.clientInstanceId(timeout);
    }

    @Override
    public synchronized void close() {
        held.clear();
        sending.close();
        delegate.close();
    }

    @Override
    public synchronized void close(Duration timeout) {
        held.clear();
        sending.close();
        delegate.close(timeout);
    }
}
