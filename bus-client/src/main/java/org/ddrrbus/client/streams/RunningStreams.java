package org.ddrrbus.client.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One of the bus's Kafka Streams applications (the exchange, the dashboard) from its start to its stop, with its
 * metrics: what their runners share, so that each starts, stops and answers the readiness probe the same way.
 */
public final class RunningStreams {

    private volatile KafkaStreams streams;
    private volatile KafkaStreamsMetrics metrics;

    /** Takes over a started application and binds Kafka Streams' own metrics and its clients' to {@code meters}. */
    public KafkaStreams started(KafkaStreams started, MeterRegistry meters) {
        streams = started;
        // As Micrometer's binder names them (kafka.stream.*).
        KafkaStreamsMetrics bound = new KafkaStreamsMetrics(started);
        bound.bindTo(meters);
        metrics = bound;
        return started;
    }

    /** Unbinds the metrics and closes the application as {@link ExactlyOnceStreams#close} does; idempotent. */
    public void stop() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        ExactlyOnceStreams.close(streams);
        streams = null;
    }

    /** The running application, or null before the start and after the stop: for the readiness probe. */
    public KafkaStreams streams() {
        return streams;
    }

    public boolean isRunning() {
        return streams != null;
    }
}
