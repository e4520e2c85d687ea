package org.ddrrbus.casework.erasure;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** An erasure the case owner asked for, as its inbox told so far; guarded by its own lock. */
final class OpenErasure {
    final String subjectRef;
    final String erasureId;
    final String reason;
    final Instant requestedAt;
    final Map<String, Erasure.Confirmation> confirmations = new TreeMap<>();
    /** The linked buses the erasure left for ({@code bus <cc>}), as this bus's exchange told: they confirm too. */
    final Set<String> linked = new TreeSet<>();

    String receiptId;

    OpenErasure(String subjectRef, String erasureId, String reason, Instant requestedAt) {
        this.subjectRef = subjectRef;
        this.erasureId = erasureId;
        this.reason = reason;
        this.requestedAt = requestedAt;
    }
}
