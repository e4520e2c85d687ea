package org.ddrrbus.federation.link;

import java.time.Duration;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Components;

/** The federation's topic, group and transaction names, in one place. */
public final class FederationTopics {

    /** Every federation topic starts so; MirrorMaker 2 copies only the one outgoing topic of its flow. */
    public static final String PREFIX = FederationHeaders.TOPIC_PREFIX;

    /** The principal MirrorMaker 2 logs in as on each bus: it may read the outgoing topic and write the incoming one. */
    public static final String MIRROR_PRINCIPAL = "mirrormaker";

    /**
     * How long a flow topic keeps what crossed: long enough for MirrorMaker 2 and the receiving inlet to catch up
     * after one bus was down over a long weekend, short enough that a copy sealed to the receiving exchange's
     * long-lived federation key does not outlive its need (nor an erasure on either bus by more than this).
     */
    public static final Duration RETENTION = Duration.ofDays(7);

    /** The partitions of each flow topic. */
    public static final int PARTITIONS = 2;

    private FederationTopics() {}

    /**
     * {@code ddrr.federation.<from>-to-<to>}: only the exchange of {@code from} writes it, and MirrorMaker 2 copies it
     * under the same name to bus {@code to}, where only its exchange reads it. Refusals of the other bus come back on
     * that bus's own outgoing topic.
     */
    public static String flow(String from, String to) {
        return PREFIX + requireCountry(from) + "-to-" + requireCountry(to);
    }

    /** The regular expression MirrorMaker 2 is given for the flow: that one topic and no other. */
    public static String flowPattern(String from, String to) {
        return flow(from, to).replace(".", "\\.");
    }

    /**
     * {@code ddrr.federation.<from>-to-<to>.seen}: the event ids the receiving exchange has already handled, compacted
     * and written in the same transaction as the handling, so a copy MirrorMaker 2 makes twice is dropped by id (never
     * by offset, which differs between the clusters).
     */
    public static String seen(String from, String to) {
        return flow(from, to) + ".seen";
    }

    /** What the exchange's federation groups and transactional ids start with; its ACLs allow that prefix. */
    static final String CLIENT_PREFIX = Components.EXCHANGE_APPLICATION_ID + "-federation-";

    /** The consumer group of a side. */
    static String group(String side, String from, String to) {
        return CLIENT_PREFIX + side + "-" + from + "-to-" + to;
    }

    /** The transactional id of a side; under the exchange's application id, which its ACLs allow. */
    static String transactionalId(String side, String from, String to) {
        return CLIENT_PREFIX + side + "-" + from + "-to-" + to;
    }

    static String requireCountry(String country) {
        if (country == null || !country.matches("[a-z]{2}")) {
            throw new IllegalArgumentException("not a two-letter country code: '" + country + "'");
        }
        return country;
    }
}
