package org.ddrrbus.client.topic;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The names of the bus's topics, in one place.
 *
 * <p>Each agency writes only to its own outbox (together the outboxes form the ledger) and reads only its own inbox.
 * Because only the agency's principal may write its outbox, the outbox a record came from proves its sender.
 */
public final class Topics {

    /** Where the exchange sets aside what it refuses. Only the exchange may write it, so its records can be trusted. */
    public static final String QUARANTINE = "ddrr.quarantine";
    /** {@code ddrr.quarantine.<agency>}: where an agency's service sets aside a malformed record of its inbox. */
    public static final String QUARANTINE_PREFIX = "ddrr.quarantine.";

    public static final String STATS = "ddrr.stats";
    /**
     * The key directory: which public key speaks for which principal, from when to when, each statement signed by the
     * operator's directory key. Only the operator writes it; every principal that signs or verifies reads it.
     */
    public static final String KEYS = "ddrr.keys";

    public static final String AUDIT_ACCESS = "ddrr.audit-access";

    /**
     * Every answer of the exchange, as key holder, to a request for a person's data key ({@code SubjectKeyAnswered},
     * keyed by subjectRef, signed by the exchange): granted or refused, by whom, for what use. Only the exchange writes
     * it, only the agreement's auditors read it.
     */
    public static final String KEY_GRANTS = "ddrr.key-grants";

    /**
     * Referrals and their answers that reached this bus from another national bus through the exchange's federation
     * inlet, keyed by subjectRef and partitioned as the outboxes are: the exchange reads them next to the person's
     * events and keeps them in the person's file, so that a local agency may answer a referral issued across the
     * border. Only the exchange writes and reads it; it stays empty on a bus that is not federated.
     */
    public static final String ARRIVALS = "ddrr.federation.arrivals";

    public static final String OUTBOX_PREFIX = "ddrr.outbox.";
    public static final String INBOX_PREFIX = "ddrr.inbox.";

    static final Pattern AGENCY = Pattern.compile("[a-z][a-z0-9-]{1,30}");

    /** Every agency's outbox, present and future: together they are the ledger the exchange and dashboard read. */
    public static final Pattern LEDGER = Pattern.compile(Pattern.quote(OUTBOX_PREFIX) + AGENCY.pattern());

    /** Every inbox, as a subscription pattern. */
    public static final Pattern INBOXES = Pattern.compile(Pattern.quote(INBOX_PREFIX) + AGENCY.pattern());

    private Topics() {}

    public static String outbox(String agency) {
        return OUTBOX_PREFIX + requireAgency(agency);
    }

    public static String inbox(String agency) {
        return INBOX_PREFIX + requireAgency(agency);
    }

    public static String quarantineOf(String agency) {
        return QUARANTINE_PREFIX + requireAgency(agency);
    }

    /** Whether records here were set aside: the exchange's quarantine or an agency's. */
    public static boolean isQuarantine(String topic) {
        return QUARANTINE.equals(topic) || owner(topic, QUARANTINE_PREFIX).isPresent();
    }

    /** The agency whose outbox this topic is, if it is an outbox. */
    public static Optional<String> outboxOwner(String topic) {
        return owner(topic, OUTBOX_PREFIX);
    }

    /** The agency whose inbox this topic is, if it is an inbox. */
    public static Optional<String> inboxOwner(String topic) {
        return owner(topic, INBOX_PREFIX);
    }

    /**
     * Whether it matches {@link #AGENCY}, checked character by character: asked several times per record, the
     * pattern's matcher took 3% of {@code audit verify}'s checking (TopicsTest holds the two to the same answers).
     */
    public static boolean isAgencyId(String agency) {
        if (agency == null || agency.length() < 2 || agency.length() > 31) {
            return false;
        }
        char first = agency.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < agency.length(); i++) {
            char c = agency.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '-') {
                return false;
            }
        }
        return true;
    }

    public static String requireAgency(String agency) {
        if (!isAgencyId(agency)) {
            throw new IllegalArgumentException(
                    "not an agency id: '" + agency + "' (lower case letters, digits and '-')");
        }
        return agency;
    }

    private static Optional<String> owner(String topic, String prefix) {
        if (topic == null || !topic.startsWith(prefix)) {
            return Optional.empty();
        }
        String agency = topic.substring(prefix.length());
        return isAgencyId(agency) ? Optional.of(agency) : Optional.empty();
    }
}
