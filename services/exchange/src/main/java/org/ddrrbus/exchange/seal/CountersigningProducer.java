package org.ddrrbus.exchange.seal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;

/**
 * The exchange's producer, which countersigns everything one transaction delivers with a single signature.
 *
 * <p>Inbox records are held back from the moment the exchange's topology sends them until Kafka Streams commits:
 * then one Ed25519 signature over the Merkle root of all their delivery leaves is added to each, with its inclusion
 * proof, and they are sent, all before the offsets and the transaction are committed. Recipients read with
 * read_committed, so they could not have seen those records earlier anyway, and a crash before the commit aborts
 * the transaction as it would without the hold. Other records (state store changelogs, the quarantine) pass straight
 * through; inbox records keep their order among themselves.
 */
final class CountersigningProducer implements Producer<byte[], byte[]> {

    private record Held(
            ProducerRecord<byte[], byte[]> record,
            Callback callback,
            CompletableFuture<RecordMetadata> result,
            Optional<RecordOrigin> input) {}

    private final Producer<byte[], byte[]> delegate;
    private final RecordSigner countersigner;
    private final UnwritableInputs unwritable;
    private final List<Held> held = new ArrayList<>();

    CountersigningProducer(Producer<byte[], byte[]> delegate, RecordSigner countersigner, UnwritableInputs unwritable) {
        this.delegate = delegate;
        this.countersigner = countersigner;
        this.unwritable = unwritable;
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
        held.add(new Held(record, callback, result, InputMark.take(record.headers())));
        return result;
    }

    /** Countersigns and sends what is held: one signature for every delivery of this transaction so far. */
    private synchronized void release() {
        if (held.isEmpty()) {
            return;
        }
        List<RecordSigner.Signable> deliveries = new ArrayList<>();
        for (Held h : held) {
            SignedContent.senderLeafOf(h.record().headers())
                    .ifPresent(senderLeaf -> deliveries.add(new RecordSigner.Signable(
                            h.record().headers(),
                            SignedContent.deliveryLeaf(
                                    senderLeaf,
                                    h.record().topic(),
                                    h.record().headers(),
                                    h.record().value()))));
        }
        countersigner.sign(deliveries);
        for (Held h : held) {
            if (h.input().isPresent()) {
                // Sent at commit, long after the topology wrote it: tell the handler which input it answers.
                unwritable.sentFor(
                        h.record(),
                        h.input().get().topic(),
                        h.input().get().partition(),
                        h.input().get().offset());
            }
            delegate.send(h.record(), (metadata, exception) -> {
                if (h.callback() != null) {
                    h.callback().onCompletion(metadata, exception);
                }
                unwritable.sent(h.record());
                if (exception != null) {
                    h.result().completeExceptionally(exception);
                } else {
                    h.result().complete(metadata);
                }
            });
        }
        held.clear();
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
        // Nothing held was sent; the aborted transaction's input is processed again by whoever owns it next.
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
        delegate.close();
    }

    @Override
    public synchronized void close(Duration timeout) {
        held.clear();
        delegate.close(timeout);
    }
}
