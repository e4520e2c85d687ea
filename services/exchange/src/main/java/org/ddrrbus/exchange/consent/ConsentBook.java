package org.ddrrbus.exchange.consent;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The consents of one person, kept by the exchange in a state store keyed by subjectRef, next to that person's
 * events (same key, same partition), so every check sees the consents recorded before the event.
 */
public record ConsentBook(Map<String, Consent> consents) {

    public static final ConsentBook EMPTY = new ConsentBook(Map.of());

    public ConsentBook {
        consents = Map.copyOf(consents);
    }

    public Optional<Consent> get(String consentRef) {
        return Optional.ofNullable(consents.get(consentRef));
    }

    /** A consent that covers the purpose today, preferring the one recorded under the lowest reference for stability. */
    public Optional<Consent> covering(String purpose, LocalDate on) {
        return consents.values().stream()
                .filter(c -> c.covers(purpose, on))
                .min(Comparator.comparing(Consent::consentRef));
    }

    public ConsentBook with(Consent consent) {
        Map<String, Consent> next = new LinkedHashMap<>(consents);
        next.put(consent.consentRef(), consent);
        return new ConsentBook(next);
    }
}
