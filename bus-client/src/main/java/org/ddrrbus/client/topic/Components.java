package org.ddrrbus.client.topic;

import java.util.Set;

/** The bus's own components: their Kafka principals and Kafka Streams application ids. */
public final class Components {

    /** The super user that provisions the broker; never given to a service. */
    public static final String ADMIN = "admin";

    public static final String EXCHANGE = "exchange";
    public static final String EXCHANGE_APPLICATION_ID = "ddrr-exchange";
    public static final String DASHBOARD = "dashboard";
    public static final String DASHBOARD_APPLICATION_ID = "ddrr-dashboard";

    /**
     * The event types the dashboard counts (by their names): it reads them on the outboxes, and the key holder lets it
     * open a person's key only for the retentions of these types. The dashboard reads no other type.
     */
    public static final Set<String> DASHBOARD_COUNTS = Set.of(
            "ReturneeRegistered",
            "PhaseChanged",
            "ReferralIssued",
            "ReferralAccepted",
            "ReferralDeclined",
            "ReferralCompleted",
            "ReferralWithdrawn",
            "SupportDelivered",
            "MentorshipSessionHeld",
            "CommunityRiskAssessed");

    /**
     * The bus's components that may be named among the senders of an event type, and which type: the dashboard
     * confirms an erasure ({@code ErasureConfirmed}) from an outbox of its own, like a partner. No other event type may
     * name a component as its sender.
     */
    public static final java.util.Map<String, String> SENDING_COMPONENTS =
            java.util.Map.of(DASHBOARD, "ErasureConfirmed");

    private Components() {}

    /** Consumer groups an agency may use all start with this, so one prefixed ACL covers them. */
    public static String groupPrefix(String agency) {
        return "ddrr." + agency + ".";
    }
}
