package org.ddrrbus.auditor.check;

import java.util.Optional;
import org.ddrrbus.client.topic.Topics;

/** The topics an auditor reads, and what a record in each must be. */
public sealed interface TopicKind {

    String topic();

    /** An agency's outbox: part of the ledger, written only by that agency. */
    record Ledger(String topic, String owner) implements TopicKind {}

    /** An agency's inbox: written only by the exchange. */
    record Inbox(String topic, String owner) implements TopicKind {}

    /** Records the exchange or an agency set aside, unchanged, with the reason. */
    record Quarantine(String topic) implements TopicKind {}

    static Optional<TopicKind> of(String topic) {
        Optional<String> outbox = Topics.outboxOwner(topic);
        if (outbox.isPresent()) {
            return Optional.of(new Ledger(topic, outbox.get()));
        }
        Optional<String> inbox = Topics.inboxOwner(topic);
        if (inbox.isPresent()) {
            return Optional.of(new Inbox(topic, inbox.get()));
        }
        return Topics.isQuarantine(topic) ? Optional.of(new Quarantine(topic)) : Optional.empty();
    }
}
