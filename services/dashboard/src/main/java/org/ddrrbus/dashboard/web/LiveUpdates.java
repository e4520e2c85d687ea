package org.ddrrbus.dashboard.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import org.ddrrbus.dashboard.figures.FigureBoard;
import org.ddrrbus.dashboard.operations.Operations;
import org.ddrrbus.dashboard.operations.OperationsMonitor;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes changes to every open page as server-sent events: {@code figures} when a figure changes, and
 * {@code operations} with each sample, to managers only. A comment every 20 s keeps idle connections open through
 * proxies; a browser whose stream ends reconnects by itself.
 */
@Component
class LiveUpdates implements SmartLifecycle {

    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final FigureBoard board;
    private final OperationsMonitor monitor;
    private final DashboardProperties properties;
    private final TaskScheduler scheduler;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile ScheduledFuture<?> heartbeat;

    LiveUpdates(FigureBoard board, OperationsMonitor monitor, DashboardProperties properties, TaskScheduler scheduler) {
        this.board = board;
        this.monitor = monitor;
        this.properties = properties;
        this.scheduler = scheduler;
    }

    SseEmitter subscribe(boolean manager) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(emitter, manager);
        subscribers.add(subscriber);
        emitter.onCompletion(() -> subscribers.remove(subscriber));
        emitter.onTimeout(() -> subscribers.remove(subscriber));
        emitter.onError(e -> subscribers.remove(subscriber));
        FigureBoard.Snapshot snapshot = board.snapshot();
        send(subscriber, "figures", snapshot.version(), FiguresController.view(snapshot, properties.suppressBelow()));
        if (manager) {
            monitor.latest().ifPresent(operations -> send(subscriber, "operations", null, operations));
        }
        return emitter;
    }

    @EventListener
    void figuresChanged(FigureBoard.Changed changed) {
        FiguresView view = FiguresController.view(changed.snapshot(), properties.suppressBelow());
        subscribers.forEach(s -> send(s, "figures", changed.snapshot().version(), view));
    }

    @EventListener
    void operationsSampled(Operations.Sampled sampled) {
        subscribers.stream()
                .filter(Subscriber::manager)
                .forEach(s -> send(s, "operations", null, sampled.operations()));
    }

    int subscribers() {
        return subscribers.size();
    }

    private void send(Subscriber subscriber, String name, Long id, Object data) {
        try {
            SseEmitter.SseEventBuilder event = SseEmitter.event().name(name).data(data, MediaType.APPLICATION_JSON);
            subscriber.emitter().send(id == null ? event : event.id(Long.toString(id)));
        } catch (IOException | IllegalStateException e) {
            // The page went away; its emitter is finished and dropped.
            subscribers.remove(subscriber);
            subscriber.emitter().complete();
        }
    }

    private void beat() {
        for (Subscriber subscriber : subscribers) {
            try {
                subscriber.emitter().send(SseEmitter.event().comment("still here"));
            } catch (IOException | IllegalStateException e) {
                subscribers.remove(subscriber);
                subscriber.emitter().complete();
            }
        }
    }

    @Override
    public void start() {
        heartbeat = scheduler.scheduleWithFixedDelay(this::beat, HEARTBEAT);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> scheduled = heartbeat;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        heartbeat = null;
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    @Override
    public boolean isRunning() {
        return heartbeat != null;
    }

    private record Subscriber(SseEmitter emitter, boolean manager) {}
}
