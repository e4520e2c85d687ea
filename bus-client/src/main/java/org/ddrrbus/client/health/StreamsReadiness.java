package org.ddrrbus.client.health;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A Streams application (the exchange, the dashboard) is ready once running: it has restored its state stores from
 * their changelogs and processes its inputs.
 */
final class StreamsReadiness {

    private StreamsReadiness() {}

    /** Empty when ready; otherwise why not, in one line. */
    public static Optional<String> notReady(KafkaStreams streams) {
        if (streams == null) {
            return Optional.of("not started");
        }
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return Optional.of("Kafka Streams is " + state);
        }
        return CaughtUp.connected(streams.metrics()) ? Optional.empty() : Optional.of("not connected to Kafka");
    }
}
