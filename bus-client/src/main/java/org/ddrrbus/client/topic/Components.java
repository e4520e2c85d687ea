package org.ddrrbus.client.topic;

/** The bus's own components: their Kafka principals and Kafka Streams application ids. */
public final class Components {

    /** The super user that provisions the broker; never given to a service. */
    public static final String ADMIN = "admin";

    public static final String EXCHANGE = "exchange";
    public static final String EXCHANGE_APPLICATION_ID = "ddrr-exchange";
    public static final String DASHBOARD = "dashboard";
    public static final String DASHBOARD_APPLICATION_ID = "ddrr-dashboard";

    private Components() {}

    /** Consumer groups an agency may use all start with this, so one prefixed ACL covers them. */
    public static String groupPrefix(String agency) {
        return "ddrr." + agency + ".";
    }
}
