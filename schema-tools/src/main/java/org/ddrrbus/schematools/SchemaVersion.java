package org.ddrrbus.schematools;

import java.nio.file.Path;
import org.apache.avro.Schema;

/** One versioned schema file, {@code <EventName>/v<N>.avsc}, parsed on its own. */
record SchemaVersion(String event, int version, Path file, Schema schema) {

    public String label() {
        return event + " v" + version;
    }

    /** Where the file lives relative to the catalogue root, with forward slashes on every platform. */
    public String relativePath() {
        return event + "/v" + version + ".avsc";
    }
}
