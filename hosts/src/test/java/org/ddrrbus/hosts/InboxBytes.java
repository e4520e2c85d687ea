package org.ddrrbus.hosts;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.topic.Topics;

/**
 * What an agency's inbox holds as bytes, read on the agency's host with its node home's client settings, as Kafka's
 * own console consumer would: no key, no codec. Run on a host as its own JVM:
 *
 * <pre>InboxBytes CLIENT-PROPERTIES AGENCY</pre>
 *
 * reads {@code AGENCY}'s inbox from its start to its end (committed records only, no consumer group) and prints one
 * line per record, {@code record <ce_type> <ce_source> <first two bytes of the value, hex>}, then {@code read N}.
 */
public final class InboxBytes {

    static final String RECORD = "record ";
    static final String READ = "read ";

    private InboxBytes() {}

    public static void main(String[] args) throws IOException {
        Properties client = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
            client.load(in);
        }
        client.remove(ConsumerConfig.GROUP_ID_CONFIG);
        client.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        client.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        client.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        client.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        int read = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(client)) {
            String topic = Topics.inbox(args[1]);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(60)) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    byte[] value = record.value() == null ? new byte[0] : record.value();
                    System.out.println(RECORD + header(record, CloudEventHeaders.TYPE) + " "
                            + header(record, CloudEventHeaders.SOURCE) + " "
                            + HexFormat.of().formatHex(value, 0, Math.min(2, value.length)));
                    read++;
                }
            }
        }
        System.out.println(READ + read);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
