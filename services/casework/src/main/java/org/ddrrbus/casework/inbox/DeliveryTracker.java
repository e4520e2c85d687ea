package org.ddrrbus.casework.inbox;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * What became of each event this agency published: its own copy arriving in its inbox means the exchange accepted it,
 * a {@code DeliveryRejected} naming it means it was refused. A request can wait a moment for that verdict, so the
 * caseworker learns at once whether the event was delivered.
 */
@Component
public class DeliveryTracker {

    /** Delivery state of one published event: {@code pending}, {@code accepted} or {@code rejected}. */
    public record Status(String eventId, String state, String reason, String detail) {

        public boolean rejected() {
            return "rejected".equals(state);
        }
    }

    private final Map<String, CompletableFuture<Status>> outcomes = new ConcurrentHashMap<>();

    public void published(String eventId) {
        outcomes.computeIfAbsent(eventId, id -> new CompletableFuture<>());
    }

    void accepted(String eventId) {
        outcomes.computeIfAbsent(eventId, id -> new CompletableFuture<>())
                .complete(new Status(eventId, "accepted", null, null));
    }

    void rejected(String eventId, String reason, String detail) {
        outcomes.computeIfAbsent(eventId, id -> new CompletableFuture<>())
                .complete(new Status(eventId, "rejected", reason, detail));
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
        CompletableFuture<Status> outcome = outcomes.computeIfAbsent(eventId, id -> new CompletableFuture<>());
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
