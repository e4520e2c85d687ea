package org.ddrrbus.client.envelope;

import java.time.Instant;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.events.EventType;

/**
 * An event with its CloudEvents attributes.
 *
 * @param id unique per source; a repeated id from the same source is a replay
 * @param sender the agency that published it (from {@code ce_source})
 * @param time when the sender says it happened
 * @param subject the pseudonymous subjectRef (or the area, for community events); also the record key
 * @param event the decoded body, as the latest version of its schema
 * @param type the event type of the catalogue
 * @param schemaVersion the version of the schema the body was written with
 */
public record Envelope(
        String id,
        String sender,
        Instant time,
        String subject,
        SpecificRecord event,
        EventType<?> type,
        int schemaVersion) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(type, "type");
    }

    public String typeName() {
        return type.name();
    }
}
