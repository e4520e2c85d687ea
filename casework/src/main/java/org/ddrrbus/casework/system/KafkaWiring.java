package org.ddrrbus.casework.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.topic.Components;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

/** Kafka clients of an agency service, logged in as the agency. */
@Configuration(proxyBeanMethods = false)
class KafkaWiring {

    @Bean
    Agency agency(BusProperties bus) {
        return new Agency(bus.principal());
    }

    @Bean
    ProducerFactory<String, byte[]> producerFactory(BusProperties bus, MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>(bus.kafkaClientProperties());
        // An event is acknowledged to the caseworker only once every in-sync replica has it.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        var factory = new DefaultKafkaProducerFactory<>(props, new StringSerializer(), new ByteArraySerializer());
        // The Kafka client's own metrics, as Micrometer's binder names them (kafka.producer.*).
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> kafkaTemplate(ProducerFactory<String, byte[]> producerFactory) {
        return new KafkaTemplate<>(producerFactory);
    }

    @Bean
    ConsumerFactory<String, byte[]> consumerFactory(BusProperties bus, Agency agency, MeterRegistry meters) {
        Map<String, Object> props = new HashMap<>(bus.kafkaClientProperties());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, Components.groupPrefix(agency.id()) + "casework");
        // The exchange writes inboxes in transactions; an aborted delivery must never reach a caseworker.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        var factory = new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        factory.addListener(new MicrometerConsumerListener<>(meters));
        return factory;
    }
}
