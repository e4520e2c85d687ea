package org.ddrrbus.client.spring;

import org.ddrrbus.client.health.Probes;
import org.ddrrbus.client.health.StreamsApplication;
import org.ddrrbus.client.health.StreamsHealth;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** The {@code kafka} readiness indicator of a component that runs a {@link StreamsApplication}. */
@AutoConfiguration
@ConditionalOnClass(
        name = {"org.apache.kafka.streams.KafkaStreams", "org.springframework.boot.health.contributor.HealthIndicator"})
public class StreamsHealthAutoConfiguration {

    @Bean(Probes.KAFKA_INDICATOR)
    @ConditionalOnBean(StreamsApplication.class)
    StreamsHealth kafkaStreamsReadiness(StreamsApplication application) {
        return new StreamsHealth(application);
    }
}
