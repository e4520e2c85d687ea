package org.ddrrbus.exchange.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.signing.KeyLookup;
import org.ddrrbus.client.signing.Merkle;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exchange's producer countersigns in chunks inside the transaction, without a broker. */
class CountersigningProducerTest {

    private static final String NCTC = Topics.inbox("nctc");
    private static final String IOM = Topics.inbox("iom");

    private final SigningKey exchangeKey = SigningKey.generate("exchange");
    private final KeyLookup keys = id -> id.equals(exchangeKey.keyId())
            ? Optional.of(RegisteredKey.always("exchange", exchangeKey.publicKey()))
            : Optional.empty();
    private final UnwritableInputs unwritable = new UnwritableInputs();
    /** The thread each inbox record was handed to Kafka's producer on, whether its transaction commits or not. */
    private final List<String> sendingThreads = Collections.synchronizedList(new ArrayList<>());

    private int failAt = -1;
    private final MockProducer<byte[], byte[]> kafka =
            new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                @Override
                public synchronized Future<RecordMetadata> send(
                        ProducerRecord<byte[], byte[]> record, Callback callback) {
                    if (record.topic().startsWith(Topics.INBOX_PREFIX)) {
                        sendingThreads.add(Thread.currentThread().getName());
                        if (sendingThreads.size() == failAt) {
                            throw new KafkaException("the broker is gone");
                        }
                    }
                    return super.send(record, callback);
                }
            };
    private CountersigningProducer producer;

    /** A producer of chunks of {@code chunk}, sending on a thread of its own or not, in its first transaction. */
    private void beginFirstTransaction(int chunk, boolean ownThread) {
        producer = producer(chunk, ownThread);
        producer.initTransactions();
        producer.beginTransaction();
    }

    @AfterEach
    void close() {
        if (producer != null) {
            producer.close();
        }
    }

    @Test
    void aFullChunkLeavesMidTransactionAndTheRestAtTheCommit() {
        beginFirstTransaction(4, false);
        for (int i = 0; i < 3; i++) {
            producer.send(delivery(NCTC, 0, i));
        }
        producer.send(new ProducerRecord<>("ddrr-exchange-replay-changelog", new byte[] {1}));
        assertThat(sendingThreads).isEmpty();
        producer.send(delivery(NCTC, 0, 3));
        assertThat(sendingThreads).hasSize(4);
        for (int i = 4; i < 10; i++) {
            producer.send(delivery(i % 2 == 0 ? NCTC : IOM, 0, i));
        }
        assertThat(sendingThreads).hasSize(8);

        producer.commitTransaction();

        List<ProducerRecord<byte[], byte[]>> sent = inboxSent();
        assertThat(sent)
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly("e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9");
        assertThat(kafka.transactionCommitted()).isTrue();
        assertVerified(sent);
        // One signature (of one root) per chunk, each record's proof naming its place in its own chunk's tree: log2 of
        // the chunk.
        assertThat(signatures(sent)).hasSize(3);
        assertThat(sent).extracting(r -> leavesInTree(r)).containsExactly(4, 4, 4, 4, 4, 4, 4, 4, 2, 2);
        assertThat(sent.get(0)
                        .headers()
                        .lastHeader(SignatureHeaders.EXCHANGE_PROOF)
                        .value())
                .hasSize(8 + 2 * Merkle.HASH_BYTES);
        assertThat(sent.get(0).headers().lastHeader(InputMark.HEADER)).isNull();
    }

    @Test
    void aChunkOnItsOwnThreadKeepsTheOrderAndTheCommitWaitsForIt() {
        beginFirstTransaction(3, true);
        for (int i = 0; i < 20; i++) {
            producer.send(delivery(i % 3 == 0 ? IOM : NCTC, i % 2, i));
        }
        producer.commitTransaction();

        List<ProducerRecord<byte[], byte[]>> sent = inboxSent();
        assertThat(sent).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(new String(sent.get(i).value(), StandardCharsets.UTF_8)).isEqualTo("e" + i);
        }
        assertThat(sendingThreads).containsOnly("test-countersigner");
        assertVerified(sent);
        assertThat(signatures(sent)).hasSize(7);
    }

    @Test
    void aFailedChunkFailsTheCommitOnTheStreamThreadAndNothingAfterItIsSent() {
        producer = producer(3, true);
        failAt = 5;
        producer.initTransactions();
        producer.beginTransaction();
        for (int i = 0; i < 12; i++) {
            // The stream thread is not told while it processes: the failure is not its record's.
            producer.send(delivery(NCTC, 0, i));
        }
        assertThatThrownBy(producer::flush).isInstanceOf(KafkaException.class).hasMessage("the broker is gone");
        assertThatThrownBy(producer::commitTransaction).hasMessage("the broker is gone");
        assertThat(kafka.transactionCommitted()).isFalse();
        // The first chunk, and the failed chunk's first record; nothing of the chunks after it.
        assertThat(sendingThreads).hasSize(5);

        producer.abortTransaction();
        assertThat(kafka.transactionAborted()).isTrue();
        producer.beginTransaction();
        producer.send(delivery(NCTC, 0, 12));
        producer.commitTransaction();
        assertThat(kafka.transactionCommitted()).isTrue();
        assertVerified(inboxSent());
    }

    @Test
    void anAbortDropsWhatIsHeld() {
        beginFirstTransaction(4, false);
        for (int i = 0; i < 6; i++) {
            producer.send(delivery(NCTC, 0, i));
        }
        assertThat(sendingThreads).hasSize(4);
        producer.abortTransaction();
        assertThat(kafka.transactionAborted()).isTrue();
        producer.beginTransaction();
        producer.commitTransaction();
        assertThat(sendingThreads).hasSize(4);
        assertThat(kafka.history()).isEmpty();
    }

    private CountersigningProducer producer(int chunk, boolean ownThread) {
        ChunkRelease release = new ChunkRelease(kafka, RecordSigner.exchange(exchangeKey), unwritable);
        return new CountersigningProducer(
                kafka,
                unwritable,
                chunk,
                ownThread
                        ? ChunkSending.onOwnThread(release, "test-countersigner")
                        : ChunkSending.onCallingThread(release));
    }

    /** A delivery as the exchange's topology writes it: the sender's leaf and the input it answers. */
    private static ProducerRecord<byte[], byte[]> delivery(String inbox, int partition, int n) {
        RecordHeaders headers = new RecordHeaders();
        byte[] senderLeaf = Merkle.leaf(("event " + n).getBytes(StandardCharsets.UTF_8));
        headers.add(SignatureHeaders.LEAF, senderLeaf);
        InputMark.add(headers, new RecordOrigin(Topics.outbox("iom"), partition, n, null));
        return new ProducerRecord<>(
                inbox, partition, (byte[]) null, ("e" + n).getBytes(StandardCharsets.UTF_8), headers);
    }

    private List<ProducerRecord<byte[], byte[]>> inboxSent() {
        return kafka.history().stream()
                .filter(r -> r.topic().startsWith(Topics.INBOX_PREFIX))
                .toList();
    }

    private void assertVerified(List<ProducerRecord<byte[], byte[]>> sent) {
        SignatureVerifier verifier = new SignatureVerifier(keys);
        for (ProducerRecord<byte[], byte[]> record : sent) {
            assertThat(verifier.checkDelivery(
                            record.headers(), record.value(), record.topic(), System.currentTimeMillis()))
                    .isInstanceOf(SignatureCheck.Valid.class);
        }
    }

    private static Set<ByteBuffer> signatures(List<ProducerRecord<byte[], byte[]>> sent) {
        Set<ByteBuffer> roots = new HashSet<>();
        sent.forEach(r -> roots.add(ByteBuffer.wrap(
                r.headers().lastHeader(SignatureHeaders.EXCHANGE_SIGNATURE).value())));
        return roots;
    }

    private static int leavesInTree(ProducerRecord<byte[], byte[]> record) {
        return ByteBuffer.wrap(record.headers()
                        .lastHeader(SignatureHeaders.EXCHANGE_PROOF)
                        .value())
                .getInt(4);
    }
}
