package org.ddrrbus.federation.agreement;

import java.util.Set;

/**
 * One event type that may cross, one way.
 *
 * @param senders agencies of bus {@code from} whose events of this type may cross
 * @param recipients agencies of bus {@code to} that may receive them (an addressed event only the one it names)
 * @param fields the fields that cross; every other (optional) field is withheld before the event leaves its bus
 * @param line where the flow starts in the agreement file, for messages
 */
public record Flow(
        String eventType,
        String from,
        String to,
        Set<String> senders,
        Set<String> recipients,
        String purpose,
        String legalBasis,
        boolean consentRequired,
        Set<String> fields,
        int line) {

    public Flow {
        senders = Set.copyOf(senders);
        recipients = Set.copyOf(recipients);
        fields = Set.copyOf(fields);
    }
}
