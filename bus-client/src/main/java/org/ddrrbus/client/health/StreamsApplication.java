package org.ddrrbus.client.health;

import org.apache.kafka.streams.KafkaStreams;

/**
 * A component that runs a Kafka Streams application (the exchange, the dashboard). Being one is enough for its
 * readiness probe: {@link StreamsHealth} answers for it.
 */
public interface StreamsApplication {

    /** The running application, or null before the start and after the stop. */
    KafkaStreams streams();
}
