package org.ddrrbus.auditor.bus;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.client.tls.CaTrust;

/** Kafka's exceptions, said as one line a person can act on. */
public final class KafkaFailures {

    private KafkaFailures() {}

    public static AuditFailure explain(RuntimeException e, Connection connection) {
        if (e instanceof AuditFailure failure) {
            return failure;
        }
        String where = connection.bootstrapServers();
        // Before the login: a handshake that failed is an authentication failure to Kafka, but no password is wrong.
        var tls = CaTrust.explain(
                e, String.valueOf(connection.tls().getOrDefault("ssl.truststore.location", "the trust store given")));
        if (tls.isPresent()) {
            return AuditFailure.unavailable("cannot connect to Kafka at " + where + ": " + tls.get(), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuditFailure failure) {
                return failure;
            }
            if (cause instanceof AuthenticationException) {
                return AuditFailure.unavailable(
                        "cannot log in to Kafka at " + where + " as " + connection.principal()
                                + ": wrong password or unknown user",
                        e);
            }
            if (cause instanceof TopicAuthorizationException denied) {
                return AuditFailure.badInput(connection.principal() + " may not read "
                        + String.join(
                                ", ",
                                denied.unauthorizedTopics().stream().sorted().toList()));
            }
            if (cause instanceof AuthorizationException denied) {
                return AuditFailure.unavailable(
                        "Kafka refused " + connection.principal() + ": " + denied.getMessage(), e);
            }
            if (cause instanceof TimeoutException) {
                return AuditFailure.unavailable(
                        "cannot reach Kafka at " + where + " within "
                                + connection.timeout().toSeconds()
                                + " s (is the bus running? see --bootstrap or KAFKA_BOOTSTRAP)",
                        e);
            }
            if (cause instanceof ConfigException config) {
                return AuditFailure.badInput("cannot connect to Kafka at " + where + ": " + AuditMain.oneLine(config));
            }
            if (cause instanceof InterruptException || cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return AuditFailure.unavailable("interrupted", e);
            }
        }
        if (e instanceof KafkaException) {
            return AuditFailure.unavailable("Kafka at " + where + ": " + AuditMain.oneLine(e), e);
        }
        return AuditFailure.unavailable(AuditMain.oneLine(e), e);
    }
}
