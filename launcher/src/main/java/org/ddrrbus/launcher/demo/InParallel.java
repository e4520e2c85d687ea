package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Runs the demo's steps for many people at once, as many caseworkers would, and shows how far it has got. */
final class InParallel {

    private final int threads;
    private final PrintWriter out;

    InParallel(int threads, PrintWriter out) {
        this.threads = threads;
        this.out = out;
    }

    /** The task's results for 0 to count - 1, in that order; a task that fails fails the whole run. */
    <T> List<T> run(int count, IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(futures.get(i).get());
                if ((i + 1) % 50 == 0) {
                    out.println("  " + (i + 1) + " / " + count);
                    out.flush();
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
