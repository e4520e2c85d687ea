package org.ddrrbus.casework.system;

import java.util.Objects;
import org.ddrrbus.client.topic.Topics;

/** Which agency this service belongs to: its id is its Kafka principal and names its outbox and inbox. */
public record Agency(String id) {

    public Agency {
        Topics.requireAgency(Objects.requireNonNull(id, "agency id"));
    }

    public String outbox() {
        return Topics.outbox(id);
    }

    public String inbox() {
        return Topics.inbox(id);
    }
}
