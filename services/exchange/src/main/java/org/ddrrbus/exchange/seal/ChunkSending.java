package org.ddrrbus.exchange.seal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Where the producer's chunks are countersigned and sent: on the stream thread itself, or on one thread of their own,
 * in the order they are handed over either way, so inbox records keep their order per partition.
 *
 * <p>A chunk that fails is not retried and every chunk after it is dropped unsent; the failure is thrown to the stream
 * thread at the next {@link #finish}, which first waits until every chunk handed over is sent or dropped, and at every
 * one after it until the transaction is aborted ({@link #abandon}). So no transaction commits with a chunk missing.
 * Failures are never thrown from {@link #hand}: Kafka Streams would judge them as a failure to send the record it was
 * sending, which they are not.
 */
final class ChunkSending implements AutoCloseable {

    /** Stands for an abort under way: chunks still queued are dropped, not sent into a transaction that is ending. */
    private static final RuntimeException ABANDONED = new KafkaException("the transaction was aborted");

    private final ChunkRelease release;
    /** The worker, or null to send on the calling thread. */
    private final ExecutorService worker;
    /** What was handed to the worker and may not be done; the stream thread alone touches this. */
    private final Deque<Future<?>> pending = new ArrayDeque<>();

    private volatile RuntimeException failure;

    private ChunkSending(ChunkRelease release, ExecutorService worker) {
        this.release = release;
        this.worker = worker;
    }

    /** Sends each chunk on the thread that hands it over. */
    static ChunkSending onCallingThread(ChunkRelease release) {
        return new ChunkSending(release, null);
    }

    /** Sends the chunks on a thread of their own, named {@code name}, while the caller goes on. */
    static ChunkSending onOwnThread(ChunkRelease release, String name) {
        return new ChunkSending(release, Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        }));
    }

    /** Countersigns and sends a chunk, now or after those handed over before it. */
    void hand(List<HeldDelivery> chunk) {
        if (worker == null) {
            run(chunk);
            return;
        }
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            pending.pollFirst();
        }
        pending.addLast(worker.submit(() -> run(chunk)));
    }

    /** Waits until every chunk handed over is sent or dropped, then throws the first failure of the transaction. */
    void finish() {
        awaitPending();
        RuntimeException failed = failure;
        if (failed != null) {
            throw failed;
        }
    }

    /** For an abort: drops the chunks still queued, waits for the one being sent, and forgets any failure. */
    void abandon() {
        if (failure == null) {
            failure = ABANDONED;
        }
        try {
            awaitPending();
        } finally {
            failure = null;
        }
    }

    private void run(List<HeldDelivery> chunk) {
        if (failure != null) {
            release.drop(chunk);
            return;
        }
        try {
            release.release(chunk);
        } catch (RuntimeException e) {
            failure = e;
        } catch (Error e) {
            failure = new KafkaException("countersigning a chunk of deliveries failed", e);
            throw e;
        }
    }

    private void awaitPending() {
        for (Future<?> next = pending.peekFirst(); next != null; next = pending.peekFirst()) {
            try {
                next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            } catch (ExecutionException e) {
                // run() keeps its failure; an Error it rethrew is kept there too.
            }
            pending.pollFirst();
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.shutdownNow();
        }
        pending.clear();
    }
}
