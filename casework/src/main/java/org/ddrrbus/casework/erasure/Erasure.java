package org.ddrrbus.casework.erasure;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One erasure as the case owner sees it: what was asked, who has confirmed and when, who is still awaited, and the
 * receipt once every component confirmed. Nothing here says anything about the person beyond their case code.
 */
public record Erasure(
        String subjectRef,
        String erasureId,
        String reason,
        Instant requestedAt,
        List<Confirmation> confirmations,
        Set<String> awaiting,
        String receiptId) {

    public record Confirmation(String component, Instant confirmedAt, String confirmationId) {}

    public Erasure {
        confirmations = List.copyOf(confirmations);
        awaiting = Set.copyOf(awaiting);
    }
}
