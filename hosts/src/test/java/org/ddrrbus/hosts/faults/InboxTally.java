package org.ddrrbus.hosts.faults;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Topics;

/**
 * What reaches an agency's inbox, and when, as the agency sees it from its own host: committed records only, every
 * partition from the beginning.
 *
 * <pre>InboxTally CLUSTER-FILE AGENCY-OR-TOPIC OUT-FILE</pre>
 *
 * <p>Appends {@code <epoch ms received> <subjectRef> <event id> <source> <quarantine reason>} for every record ({@code
 * -} where a header is missing), flushed after each poll. Given a topic ({@code ddrr.quarantine}, an outbox) instead of an
 * agency, it reads that topic as the operator.
 * When {@code OUT-FILE.stop} appears it reads on up to the inbox's current end and writes {@code end} as its last line.
 */
public final class InboxTally {

    static final String END = "end";

    /** Every topic of the bus starts so; no agency id does. */
    private static final String TOPIC_PREFIX = "ddrr.";

    private InboxTally() {}

    public static void main(String[] args) throws Exception {
        ClusterFile cluster = ClusterFile.read(Path.of(args[0]));
        String agency = args[1];
        Path out = Path.of(args[2]);
        Path stop = Path.of(args[2] + ".stop");
        boolean topic = agency.startsWith(TOPIC_PREFIX);
        Map<String, Object> props = new HashMap<>(topic ? cluster.admin() : cluster.client(agency));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        String inbox = topic ? agency : Topics.inbox(agency);
        try (KafkaConsumer<String, byte[]> consumer =
                        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
                BufferedWriter file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<TopicPartition> partitions = consumer.partitionsFor(inbox, Duration.ofSeconds(60)).stream()
                    .map(p -> new TopicPartition(inbox, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            System.out.println("reading " + partitions);
            Map<TopicPartition, Long> end = null;
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    file.write(System.currentTimeMillis() + " " + record.key() + " " + header(record, "ce_id") + " "
                            + header(record, "ce_source") + " " + header(record, Quarantine.REASON));
                    file.newLine();
                }
                file.flush();
                if (end == null && Files.exists(stop)) {
                    end = consumer.endOffsets(partitions);
                }
                if (end != null) {
                    Map<TopicPartition, Long> last = end;
                    if (partitions.stream().allMatch(p -> consumer.position(p) >= last.get(p))) {
                        file.write(END);
                        file.newLine();
                        file.flush();
                        System.out.println("read to the end");
                        return;
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "-" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
