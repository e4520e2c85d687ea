package org.ddrrbus.auditor.commands;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Inspector;

/**
 * Judges records on every core while the reader goes on fetching: records are inspected in batches on a pool of
 * threads, and the inspections handed on in the order the records were read, on the reader's thread. At most a few
 * batches per thread are in flight, so memory stays bounded whatever the topic's size.
 */
final class ParallelInspection implements AutoCloseable {

    /** Records per batch handed to one thread: large enough that handing over costs nothing per record. */
    static final int BATCH = 1024;

    private final Inspector inspector;
    private final ExecutorService pool;
    private final int inFlight;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(BATCH);
    private Consumer<Inspection> current = inspection -> {};

    private record Pending(Future<List<Inspection>> result, Consumer<Inspection> handler) {}

    ParallelInspection(Inspector inspector, int threads) {
        this.inspector = inspector;
        this.inFlight = 2 * threads;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "audit-inspect");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** From now on, inspections go to {@code handler}: first every inspection of records given before. */
    void handTo(Consumer<Inspection> handler) {
        finish();
        current = handler;
    }

    /** Inspects {@code record}; the handler gets its inspection, in read order, here or in a later call. */
    void inspect(ConsumerRecord<String, byte[]> record) {
        batch.add(record);
        if (batch.size() >= BATCH) {
            submit();
        }
    }

    /** Hands on every inspection still to come; returns when all records given so far are judged. */
    void finish() {
        if (!batch.isEmpty()) {
            submit();
        }
        while (!pending.isEmpty()) {
            handOnOldest();
        }
    }

    private void submit() {
        List<ConsumerRecord<String, byte[]>> records = batch;
        batch = new ArrayList<>(BATCH);
        pending.addLast(new Pending(pool.submit(() -> inspectAll(records)), current));
        while (pending.size() > inFlight) {
            handOnOldest();
        }
    }

    private List<Inspection> inspectAll(List<ConsumerRecord<String, byte[]>> records) {
        List<Inspection> inspections = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            inspections.add(inspector.inspect(record));
        }
        return inspections;
    }

    private void handOnOldest() {
        Pending oldest = pending.removeFirst();
        List<Inspection> inspections;
        try {
            inspections = oldest.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while records were inspected", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
        inspections.forEach(oldest.handler());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
