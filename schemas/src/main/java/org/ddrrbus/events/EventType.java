package org.ddrrbus.events;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event type of the catalogue: its generated class (the latest version) and every version's schema, oldest first.
 *
 * @param name the event name, also the record's simple name and the directory of its schema files
 */
public record EventType<T extends SpecificRecord>(String name, Class<T> javaClass, List<VersionedSchema> versions) {

    public EventType {
        versions = List.copyOf(versions);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException(name + " has no schema versions");
        }
    }

    public VersionedSchema latest() {
        return versions.get(versions.size() - 1);
    }

    /** The CloudEvents {@code ce_type} of this event: the Avro full name, stable across versions. */
    public String cloudEventType() {
        return latest().schema().getFullName();
    }

    /** A schema file of the catalogue with its version number and CRC-64-AVRO fingerprint. */
    public record VersionedSchema(int version, Schema schema, long fingerprint) {}
}
