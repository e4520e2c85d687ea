package org.ddrrbus.exchange.subject;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One recorded consent of a person: who recorded it, what it covers, what has been withdrawn from it, and which
 * agencies received data relying on it (they must hear of a withdrawal).
 *
 * @param recordedBy the agency that recorded it, the only one that may withdraw it; empty for a consent recorded
 *     before the exchange kept its recorder
 */
public record Consent(
        String consentRef,
        String recordedBy,
        Set<String> purposes,
        Optional<LocalDate> validUntil,
        Set<String> withdrawn,
        Set<String> recipients) {

    public Consent {
        purposes = Set.copyOf(purposes);
        withdrawn = Set.copyOf(withdrawn);
        recipients = Set.copyOf(recipients);
    }

    /** A consent just recorded by {@code agency}. */
    public static Consent recorded(
            String consentRef, String agency, Set<String> purposes, Optional<LocalDate> validUntil) {
        return new Consent(consentRef, agency, purposes, validUntil, Set.of(), Set.of());
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

    /** Whether this agency may withdraw it: its recorder, or anyone allowed to for a consent of unknown recorder. */
    public boolean mayBeWithdrawnBy(String agency) {
        return recordedBy.isEmpty() || recordedBy.equals(agency);
    }

    /** Withdraws the given purposes, or all of them when none are named. A withdrawal is never undone. */
    public Consent withdraw(Set<String> withdrawnPurposes) {
        Set<String> now = new HashSet<>(withdrawn);
        now.addAll(withdrawnPurposes.isEmpty() ? purposes : withdrawnPurposes);
        return new Consent(consentRef, recordedBy, purposes, validUntil, now, recipients);
    }

    public Consent reliedOnBy(String recipient) {
        if (recipients.contains(recipient)) {
            return this;
        }
        Set<String> now = new HashSet<>(recipients);
        now.add(recipient);
        return new Consent(consentRef, recordedBy, purposes, validUntil, withdrawn, now);
    }
}
