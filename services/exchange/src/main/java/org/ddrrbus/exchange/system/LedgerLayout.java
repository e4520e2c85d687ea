package org.ddrrbus.exchange.system;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.ddrrbus.client.topic.Topics;

/**
 * Checks, before the exchange starts, that every outbox has the partition count the exchange expects. A person's
 * events and file meet in one task only if a subjectRef hashes to the same partition in every outbox; an outbox with
 * more or fewer partitions would put people elsewhere, and the exchange would refuse their events as misplaced. The
 * referrals that arrived from another bus ({@link Topics#ARRIVALS}) meet the files the same way, so the same holds there.
 */
final class LedgerLayout {

    private LedgerLayout() {}

    /** @throws IllegalStateException with one line naming each outbox that differs */
    static void check(Admin admin, int expected) {
        Map<String, Integer> wrong = new TreeMap<>();
        try {
            Set<String> outboxes = admin.listTopics().names().get().stream()
                    .filter(t -> Topics.LEDGER.matcher(t).matches() || t.equals(Topics.ARRIVALS))
                    .collect(Collectors.toSet());
            if (outboxes.isEmpty()) {
                return;
            }
            for (TopicDescription topic :
                    admin.describeTopics(outboxes).allTopicNames().get().values()) {
                if (topic.partitions().size() != expected) {
                    wrong.put(topic.name(), topic.partitions().size());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the outboxes' partition counts", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the outboxes' partition counts: "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
        if (!wrong.isEmpty()) {
            throw new IllegalStateException("the exchange expects " + expected
                    + " partitions in every outbox (ddrr.exchange.ledger-partitions), but "
                    + wrong.entrySet().stream()
                            .map(e -> e.getKey() + " has " + e.getValue())
                            .collect(Collectors.joining(", "))
                    + "; outboxes never change their partition count, since that would move people to other"
                    + " partitions");
        }
    }
}
