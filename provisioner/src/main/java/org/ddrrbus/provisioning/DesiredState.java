package org.ddrrbus.provisioning;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * Topics, principals and ACLs that the agreement calls for. Nothing else is granted: the broker denies what is not
 * listed here.
 */
public record DesiredState(List<TopicSpec> topics, Set<String> principals, Set<AclBinding> acls) {

    public DesiredState {
        topics = List.copyOf(topics);
        principals = Set.copyOf(principals);
        acls = Set.copyOf(acls);
    }

    public static DesiredState from(SharingAgreement agreement, TopicLayout layout) {
        Map<String, String> ledger = configs(layout, retentionMs(agreement), "delete");
        // Outboxes and inboxes carry the broker's time of arrival, which no sender can choose: a signature counts by
        // the later of an event's ce_time and that time, so a stolen key cannot date an event before its revocation.
        Map<String, String> arrivalTimed = new HashMap<>(ledger);
        arrivalTimed.put("message.timestamp.type", "LogAppendTime");
        List<TopicSpec> topics = new ArrayList<>();
        for (Agency agency : agreement.exchangingAgencies()) {
            topics.add(new TopicSpec(
                    Topics.outbox(agency.id()), layout.partitions(), layout.replicationFactor(), arrivalTimed));
            topics.add(new TopicSpec(
                    Topics.inbox(agency.id()), layout.partitions(), layout.replicationFactor(), arrivalTimed));
            topics.add(new TopicSpec(Topics.quarantineOf(agency.id()), 1, layout.replicationFactor(), ledger));
        }
        // A component the agreement names as a sender (the dashboard confirms erasures) has an outbox like a partner,
        // and an inbox, where the exchange writes its own copy and any refusal notice.
        for (String component : agreement.sendingComponents()) {
            topics.add(new TopicSpec(
                    Topics.outbox(component), layout.partitions(), layout.replicationFactor(), arrivalTimed));
            topics.add(new TopicSpec(
                    Topics.inbox(component), layout.partitions(), layout.replicationFactor(), arrivalTimed));
        }
        topics.add(new TopicSpec(Topics.QUARANTINE, layout.partitions(), layout.replicationFactor(), ledger));
        topics.add(new TopicSpec(Topics.AUDIT_ACCESS, 1, layout.replicationFactor(), ledger));
        // The key holder's record of every key it granted or refused: one partition, in the order it answered.
        topics.add(new TopicSpec(Topics.KEY_GRANTS, 1, layout.replicationFactor(), ledger));
        // Partitioned as the outboxes: the exchange reads a person's arrived referrals in the task that holds their
        // file. Empty until the bus is federated; made here so that the exchange reads it from its first start.
        topics.add(new TopicSpec(Topics.ARRIVALS, layout.partitions(), layout.replicationFactor(), ledger));
        // Statistics are a table of the latest figure per key: compaction keeps exactly that.
        topics.add(new TopicSpec(Topics.STATS, 1, layout.replicationFactor(), configs(layout, -1, "compact")));
        // The key directory is kept whole, not compacted: every reader folds the full history, so an old statement
        // written again is recognised and ignored, and a revocation stays on record for good.
        topics.add(new TopicSpec(Topics.KEYS, 1, layout.replicationFactor(), configs(layout, -1, "delete")));

        Set<String> principals = new LinkedHashSet<>(agreement.agencies().keySet());
        principals.add(Components.EXCHANGE);
        principals.add(Components.DASHBOARD);
        return new DesiredState(topics, principals, acls(agreement));
    }

    /**
     * This state and more topics and ACLs that the agreement does not produce but the bus still needs, e.g. those of
     * a federation link: provisioning then neither revokes nor deletes them.
     */
    public DesiredState plus(List<TopicSpec> moreTopics, Set<AclBinding> moreAcls) {
        List<TopicSpec> allTopics = new ArrayList<>(topics);
        moreTopics.stream()
                .filter(t -> allTopics.stream().noneMatch(known -> known.name().equals(t.name())))
                .forEach(allTopics::add);
        Set<AclBinding> allAcls = new LinkedHashSet<>(acls);
        allAcls.addAll(moreAcls);
        return new DesiredState(allTopics, principals, allAcls);
    }

    static Set<AclBinding> acls(SharingAgreement agreement) {
        Set<AclBinding> acls = new LinkedHashSet<>();
        for (Agency agency : agreement.agencies().values()) {
            String who = agency.id();
            if (agency.exchangesEvents()) {
                acls.add(allow(who, ResourceType.TOPIC, Topics.outbox(who), PatternType.LITERAL, AclOperation.WRITE));
                acls.add(allow(who, ResourceType.TOPIC, Topics.inbox(who), PatternType.LITERAL, AclOperation.READ));
                acls.add(allow(
                        who, ResourceType.GROUP, Components.groupPrefix(who), PatternType.PREFIXED, AclOperation.READ));
                // An inbox consumer that meets a malformed record sets it aside in the agency's own quarantine; the
                // exchange's quarantine stays the exchange's alone, so nobody can forge a refusal in its name.
                acls.add(allow(
                        who, ResourceType.TOPIC, Topics.quarantineOf(who), PatternType.LITERAL, AclOperation.WRITE));
            }
            if (agency.has(Role.DONOR)) {
                acls.add(allow(who, ResourceType.TOPIC, Topics.STATS, PatternType.LITERAL, AclOperation.READ));
                acls.add(allow(
                        who, ResourceType.GROUP, Components.groupPrefix(who), PatternType.PREFIXED, AclOperation.READ));
            }
            if (agency.exchangesEvents() || agency.has(Role.AUDITOR)) {
                // Who signs or verifies learns the keys from the directory; only the operator's admin writes it.
                acls.add(allow(who, ResourceType.TOPIC, Topics.KEYS, PatternType.LITERAL, AclOperation.READ));
            }
            if (agency.has(Role.AUDITOR)) {
                // Read-only, and no consumer group: the auditor assigns partitions and never joins a service's group.
                acls.add(allow(who, ResourceType.TOPIC, Topics.OUTBOX_PREFIX, PatternType.PREFIXED, AclOperation.READ));
                acls.add(allow(who, ResourceType.TOPIC, Topics.INBOX_PREFIX, PatternType.PREFIXED, AclOperation.READ));
                acls.add(allow(who, ResourceType.TOPIC, Topics.QUARANTINE, PatternType.PREFIXED, AclOperation.READ));
                acls.add(allow(who, ResourceType.TOPIC, Topics.STATS, PatternType.LITERAL, AclOperation.READ));
                acls.add(allow(who, ResourceType.TOPIC, Topics.AUDIT_ACCESS, PatternType.LITERAL, AclOperation.WRITE));
                acls.add(allow(who, ResourceType.TOPIC, Topics.KEY_GRANTS, PatternType.LITERAL, AclOperation.READ));
            }
        }
        streamsApplication(acls, Components.EXCHANGE, Components.EXCHANGE_APPLICATION_ID);
        acls.add(allow(
                Components.EXCHANGE,
                ResourceType.TOPIC,
                Topics.OUTBOX_PREFIX,
                PatternType.PREFIXED,
                AclOperation.READ));
        acls.add(allow(
                Components.EXCHANGE,
                ResourceType.TOPIC,
                Topics.INBOX_PREFIX,
                PatternType.PREFIXED,
                AclOperation.WRITE));
        acls.add(allow(
                Components.EXCHANGE, ResourceType.TOPIC, Topics.QUARANTINE, PatternType.LITERAL, AclOperation.WRITE));
        acls.add(allow(Components.EXCHANGE, ResourceType.TOPIC, Topics.KEYS, PatternType.LITERAL, AclOperation.READ));
        // As key holder it records every answer to a request for a person's key, before a granted key leaves it.
        acls.add(allow(
                Components.EXCHANGE, ResourceType.TOPIC, Topics.KEY_GRANTS, PatternType.LITERAL, AclOperation.WRITE));
        // The exchange's federation inlet writes the referrals that arrived from another bus; its topology reads them.
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.WRITE)) {
            acls.add(allow(Components.EXCHANGE, ResourceType.TOPIC, Topics.ARRIVALS, PatternType.LITERAL, op));
        }

        streamsApplication(acls, Components.DASHBOARD, Components.DASHBOARD_APPLICATION_ID);
        acls.add(allow(
                Components.DASHBOARD,
                ResourceType.TOPIC,
                Topics.OUTBOX_PREFIX,
                PatternType.PREFIXED,
                AclOperation.READ));
        acls.add(allow(
                Components.DASHBOARD, ResourceType.TOPIC, Topics.QUARANTINE, PatternType.LITERAL, AclOperation.READ));
        acls.add(
                allow(Components.DASHBOARD, ResourceType.TOPIC, Topics.STATS, PatternType.LITERAL, AclOperation.WRITE));
        if (agreement.sendingComponents().contains(Components.DASHBOARD)) {
            // It confirms erasures, signed with its own key, from its own outbox (its Streams transactions write it).
            acls.add(allow(
                    Components.DASHBOARD,
                    ResourceType.TOPIC,
                    Topics.outbox(Components.DASHBOARD),
                    PatternType.LITERAL,
                    AclOperation.WRITE));
        }
        // It signs its requests for the keys of the people it counts, and learns its own key's standing from the
        // directory.
        acls.add(allow(Components.DASHBOARD, ResourceType.TOPIC, Topics.KEYS, PatternType.LITERAL, AclOperation.READ));
        // The operations panel shows consumer lag: describing groups and inbox offsets, never reading inboxes.
        acls.add(allow(Components.DASHBOARD, ResourceType.GROUP, "ddrr.", PatternType.PREFIXED, AclOperation.DESCRIBE));
        acls.add(allow(
                Components.DASHBOARD,
                ResourceType.TOPIC,
                Topics.INBOX_PREFIX,
                PatternType.PREFIXED,
                AclOperation.DESCRIBE));
        return acls;
    }

    /** What a Kafka Streams application with exactly-once processing needs for its own group and internal topics. */
    private static void streamsApplication(Set<AclBinding> acls, String principal, String applicationId) {
        acls.add(allow(principal, ResourceType.GROUP, applicationId, PatternType.LITERAL, AclOperation.READ));
        acls.add(allow(principal, ResourceType.TOPIC, applicationId + "-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(
                principal, ResourceType.TRANSACTIONAL_ID, applicationId, PatternType.PREFIXED, AclOperation.WRITE));
    }

    static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }

    private static Map<String, String> configs(TopicLayout layout, long retentionMs, String cleanupPolicy) {
        Map<String, String> configs = new HashMap<>();
        configs.put("cleanup.policy", cleanupPolicy);
        configs.put("retention.ms", Long.toString(retentionMs));
        layout.minInsyncReplicas().ifPresent(min -> configs.put("min.insync.replicas", Integer.toString(min)));
        return configs;
    }

    /** The ledger keeps events as long as the longest retention any event type has in the agreement. */
    private static long retentionMs(SharingAgreement agreement) {
        Period longest = agreement.events().values().stream()
                .map(EventPolicy::retention)
                .max((a, b) -> Long.compare(days(a), days(b)))
                .orElse(Period.ofYears(10));
        return days(longest) * 24L * 60 * 60 * 1000;
    }

    private static long days(Period period) {
        return ChronoUnit.DAYS.between(LocalDate.EPOCH, LocalDate.EPOCH.plus(period));
    }
}
