package org.ddrrbus.dashboard.figures;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON for the dashboard's own stores and topics. JSON rather than a binary format because these values change shape
 * as figures are added, and unknown fields are simply ignored by a later version reading an older changelog.
 */
final class JsonSerde<T> implements Serde<T> {

    private final JsonMapper json;
    private final Class<T> type;

    JsonSerde(JsonMapper json, Class<T> type) {
        this.json = json;
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : json.writeValueAsBytes(value);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> bytes == null ? null : json.readValue(bytes, type);
    }
}
