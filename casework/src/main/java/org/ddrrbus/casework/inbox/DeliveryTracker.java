package org.ddrrbus.casework.inbox;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * What became of each event this agency published: its own copy arriving in its inbox means the exchange accepted it,
 * a {@code DeliveryRejected} naming it means it was refused. A request can wait a moment for that verdict, so the
 * caseworker learns at once whether the event was delivered.
 *
 * <p>It remembers the verdicts of the last {@value #REMEMBERED} events only, oldest forgotten first, so a service that
 * runs for years holds a bounded map; an event older than that is answered as unknown, and its verdict stays in the
 * inbox, where a restart reads it again.
 */
@Component
public class DeliveryTracker {

    /** Delivery state of one published event: {@code pending}, {@code accepted} or {@code rejected}. */
    public record Status(String eventId, String state, String reason, String detail) {

        public boolean rejected() {
            return "rejected".equals(state);
        }
    }

    static final int REMEMBERED = 10_000;

    private final int remembered;
    private final Map<String, CompletableFuture<Status>> outcomes = new ConcurrentHashMap<>();
    /** The events in the order they were first seen, to forget the oldest. */
    private final Queue<String> order = new ConcurrentLinkedQueue<>();

    public DeliveryTracker() {
        this(REMEMBERED);
    }

    DeliveryTracker(int remembered) {
        this.remembered = remembered;
    }

    public void published(String eventId) {
        outcome(eventId);
    }

    void accepted(String eventId) {
        outcome(eventId).complete(new Status(eventId, "accepted", null, null));
    }

    void rejected(String eventId, String reason, String detail) {
        outcome(eventId).complete(new Status(eventId, "rejected", reason, detail));
    }

    private CompletableFuture<Status> outcome(String eventId) {
        CompletableFuture<Status> made = new CompletableFuture<>();
        CompletableFuture<Status> known = outcomes.putIfAbsent(eventId, made);
        if (known != null) {
            return known;
        }
        order.add(eventId);
        while (outcomes.size() > remembered) {
            String oldest = order.poll();
            if (oldest == null) {
                break;
            }
            outcomes.remove(oldest);
        }
        return made;
    }

    public Optional<Status> status(String eventId) {
        CompletableFuture<Status> outcome = outcomes.get(eventId);
        if (outcome == null) {
            return Optional.empty();
        }
        return Optional.of(outcome.getNow(new Status(eventId, "pending", null, null)));
    }

    /** The verdict on a published event, waiting at most {@code patience} for it. */
    public Status await(String eventId, Duration patience) {
        CompletableFuture<Status> outcome = outcome(eventId);
        try {
            return outcome.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Still pending: the exchange may be busy or down; the event is safe on the ledger either way.
        }
        return new Status(eventId, "pending", null, null);
    }
}
