package org.ddrrbus.client.login;

import java.util.Map;

/**
 * The SASL login of a Kafka client: {@code sasl.mechanism} and the JAAS line {@code sasl.jaas.config} naming the user
 * and password. Written once, here, because the JAAS line is a small language: a password holding a {@code "} or a
 * {@code \} must be escaped, or the client fails to parse its own settings.
 */
public final class SaslLogin {

    /** The mechanism every principal of the bus logs in with. */
    public static final String SCRAM = "SCRAM-SHA-512";

    /** The mechanism of a cluster's admin user where the cluster uses PLAIN. */
    public static final String PLAIN = "PLAIN";

    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private SaslLogin() {}

    /** {@code sasl.mechanism} and {@code sasl.jaas.config} logging in as {@code user}. */
    public static Map<String, Object> settings(String mechanism, String user, String password) {
        return Map.of("sasl.mechanism", mechanism, "sasl.jaas.config", jaas(mechanism, user, password));
    }

    /** The JAAS line of a client logging in with {@code mechanism}: SCRAM-SHA-* or PLAIN. */
    public static String jaas(String mechanism, String user, String password) {
        String module = mechanism.startsWith("SCRAM") ? SCRAM_MODULE : PLAIN_MODULE;
        return module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";";
    }

    /** The JAAS line of a bus principal (SCRAM-SHA-512). */
    public static String scram(String user, String password) {
        return jaas(SCRAM, user, password);
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
