package org.ddrrbus.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.ddrrbus.client.topic.Topics;

/** Counts on the broker: records in topics, as end offsets (this bench never deletes). */
final class Offsets {

    private Offsets() {}

    /** Records in every partition of a topic (end offsets; this bench never deletes). */
    static long records(Admin client, String topic) throws Exception {
        return endOffsets(client, List.of(topic));
    }

    /** What reached iom's outbox, and what the exchange wrote (inboxes and its changelogs), as end offsets. */
    static long[] exchangeOffsets(Admin client) throws Exception {
        List<String> written = client.listTopics().names().get().stream()
                .filter(t ->
                        Topics.inboxOwner(t).isPresent() || (t.startsWith("ddrr-exchange") && t.endsWith("-changelog")))
                .toList();
        return new long[] {endOffsets(client, List.of(Topics.outbox("iom"))), endOffsets(client, written)};
    }

    static long endOffsets(Admin client, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        client.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return client.listOffsets(request).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }
}
