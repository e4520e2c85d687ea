package org.ddrrbus.auditor.check;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A record's body, decoded as the latest version of its schema.
 *
 * @param eventType the catalogue name, e.g. {@code ReferralIssued}
 * @param schemaVersion the version the sender wrote it with
 */
public record Decoded(String eventType, int schemaVersion, SpecificRecord event) {

    public Decoded {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(event, "event");
    }
}
