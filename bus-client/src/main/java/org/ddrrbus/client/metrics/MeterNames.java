package org.ddrrbus.client.metrics;

/**
 * The bus's own meters, in Micrometer's dotted form; Prometheus shows them with underscores and its suffixes
 * ({@code ddrr.published} as {@code ddrr_published_total}). Each is documented in docs/operations.md, and
 * {@code MeterNamesDocumentedTest} keeps that list complete.
 */
public final class MeterNames {

    /** Counter, by {@link #TYPE}: events a partner service put on its outbox, acknowledged by the broker. */
    public static final String PUBLISHED = "ddrr.published";

    /** Counter, by {@link #RECIPIENT}: deliveries the exchange wrote to inboxes, the sender's receipt included. */
    public static final String DELIVERED = "ddrr.delivered";

    /** Counter, by {@link #REASON}: events the exchange refused (each is also quarantined, and its sender told). */
    public static final String REFUSED = "ddrr.refused";

    /** Counter, by {@link #COMPONENT} and {@link #REASON}: records set aside in {@code ddrr.quarantine}. */
    public static final String QUARANTINED = "ddrr.quarantined";

    /** Timer, by {@link #COMPONENT}: checking the Ed25519 signatures of one record. */
    public static final String VERIFICATION = "ddrr.verification";

    /** Counter: inbox records a partner service applied to its read models. */
    public static final String INBOX_READ = "ddrr.inbox.read";

    /** Gauge: committed records of its inbox a partner service has still to read. */
    public static final String INBOX_LAG = "ddrr.inbox.lag";

    public static final String TYPE = "type";
    public static final String RECIPIENT = "recipient";
    public static final String REASON = "reason";
    public static final String COMPONENT = "component";

    private MeterNames() {}
}
