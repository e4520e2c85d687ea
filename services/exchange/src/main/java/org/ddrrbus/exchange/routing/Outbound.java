package org.ddrrbus.exchange.routing;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A record the exchange writes, with the topic it goes to: an inbox or the quarantine. */
record Outbound(String topic, byte[] value) {

    /** Writes the value bytes as they are; the topic is chosen by the sink from {@link #topic()}. */
    static final class WireSerde implements Serde<Outbound> {
        @Override
        public Serializer<Outbound> serializer() {
            return (topic, outbound) -> outbound == null ? null : outbound.value();
        }

        @Override
        public Deserializer<Outbound> deserializer() {
            return (topic, bytes) -> {
                throw new UnsupportedOperationException("the exchange never reads what it writes");
            };
        }
    }
}
