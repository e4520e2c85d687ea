package org.ddrrbus.auditor.check;

import java.util.Optional;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Topics;

/** The topics an auditor reads, and what a record in each must be. */
public sealed interface TopicKind {

    String topic();

    /** An agency's outbox: part of the ledger, written only by that agency. */
    record Ledger(String topic, String owner) implements TopicKind {}

    /** An agency's inbox: written only by the exchange. */
    record Inbox(String topic, String owner) implements TopicKind {}

    /** The key holder's answers to requests for people's keys: written only by the exchange, in its own name. */
    record KeyGrants(String topic) implements TopicKind {}

    /** Records the exchange or an agency set aside, unchanged, with the reason. */
    record Quarantine(String topic) implements TopicKind {}

    /**
     * A federation flow, {@code ddrr.federation.<from>-to-<to>}: what the exchange of bus {@code from} let leave for bus
     * {@code to}, each copy countersigned by it, as a delivery into an inbox is. On bus {@code to} it holds the same
     * copies, signed with keys that bus's directory does not know: the auditor judges a flow on its sending bus.
     */
    record Crossing(String topic, String from, String to) implements TopicKind {}

    static Optional<TopicKind> of(String topic) {
        Optional<FederationHeaders.Flow> flow = FederationHeaders.flowOf(topic);
        if (flow.isPresent()) {
            return Optional.of(new Crossing(topic, flow.get().from(), flow.get().to()));
        }
        Optional<String> outbox = Topics.outboxOwner(topic);
        if (outbox.isPresent()) {
            return Optional.of(new Ledger(topic, outbox.get()));
        }
        Optional<String> inbox = Topics.inboxOwner(topic);
        if (inbox.isPresent()) {
            return Optional.of(new Inbox(topic, inbox.get()));
        }
        if (Topics.KEY_GRANTS.equals(topic)) {
            return Optional.of(new KeyGrants(topic));
        }
        return Topics.isQuarantine(topic) ? Optional.of(new Quarantine(topic)) : Optional.empty();
    }
}
