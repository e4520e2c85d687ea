package org.ddrrbus.exchange.consent;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One recorded consent of a person: what it covers, what has been withdrawn from it, and which agencies received data
 * relying on it (they must hear of a withdrawal).
 */
public record Consent(
        String consentRef,
        Set<String> purposes,
        Optional<LocalDate> validUntil,
        Set<String> withdrawn,
        Set<String> recipients) {

    public Consent {
        purposes = Set.copyOf(purposes);
        withdrawn = Set.copyOf(withdrawn);
        recipients = Set.copyOf(recipients);
    }

    /** Whether the consent allows sharing for this purpose on this day. */
    public boolean covers(String purpose, LocalDate on) {
        return purposes.contains(purpose)
                && !withdrawn.contains(purpose)
                && validUntil.map(until -> !on.isAfter(until)).orElse(true);
    }

    /** Why it does not cover the purpose, for the rejection a sender reads. */
    public String whyNot(String purpose, LocalDate on) {
        if (!purposes.contains(purpose)) {
            return "consent " + consentRef + " does not cover this purpose";
        }
        if (withdrawn.contains(purpose)) {
            return "consent " + consentRef + " was withdrawn for this purpose";
        }
        return "consent " + consentRef + " lapsed on " + validUntil.orElseThrow();
    }

    /** Withdraws the given purposes, or all of them when none are named. */
    public Consent withdraw(Set<String> withdrawnPurposes) {
        Set<String> now = new HashSet<>(withdrawn);
        now.addAll(withdrawnPurposes.isEmpty() ? purposes : withdrawnPurposes);
        return new Consent(consentRef, purposes, validUntil, now, recipients);
    }

    public Consent reliedOnBy(String recipient) {
        if (recipients.contains(recipient)) {
            return this;
        }
        Set<String> now = new HashSet<>(recipients);
        now.add(recipient);
        return new Consent(consentRef, purposes, validUntil, withdrawn, now);
    }
}
