package org.ddrrbus.launcher.up;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.launcher.system.BusSystem;

/**
 * Stops what {@code up} started, once, whether Ctrl-C (the JVM's shutdown hook) or a test that runs the real command
 * in its own JVM asks; {@code up} waits on it until then.
 */
final class StopHook {

    private static volatile StopHook inProcess;

    private final BusSystem system;
    private final Thread hook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();

    private StopHook(BusSystem system, Optional<EmbeddedBroker> broker, Path data) {
        this.system = system;
        this.hook = new Thread(
                () -> {
                    if (!stopping.compareAndSet(false, true)) {
                        return;
                    }
                    System.out.println("\nStopping ddrr-bus ...");
                    system.close();
                    broker.ifPresent(EmbeddedBroker::close);
                    System.out.println("Stopped. The data stays in " + data + "; ./ddrr up starts from it again.");
                    stopped.countDown();
                },
                "ddrr-shutdown");
    }

    /** Registers the hook that stops the system and then the broker (if this process started one). */
    static StopHook install(BusSystem system, Optional<EmbeddedBroker> broker, Path data) {
        StopHook stop = new StopHook(system, broker, data);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Makes the system reachable from {@link #runningInProcess()}, then waits until it is stopped. */
    void awaitStopped() throws InterruptedException {
        inProcess = this;
        stopped.await();
    }

    static Optional<BusSystem> runningInProcess() {
        return Optional.ofNullable(inProcess).map(stop -> stop.system);
    }

    static void stopInProcess() {
        StopHook running = inProcess;
        if (running != null) {
            inProcess = null;
            Runtime.getRuntime().removeShutdownHook(running.hook);
            running.hook.run();
        }
    }
}
