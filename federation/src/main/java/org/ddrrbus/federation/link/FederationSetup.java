package org.ddrrbus.federation.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * The federation's topics and ACLs on one bus: the outgoing topic, which only the exchange writes; the incoming one,
 * which only the exchange reads; the exchange's record of what it handled; read access to both flows for the
 * auditors; and MirrorMaker 2's own principal, which may read the outgoing topic, write the incoming one and its own
 * internal topics, and nothing else. Idempotent.
 *
 * <p>{@code ./ddrr up} provisions a bus from its sharing agreement and revokes every {@code ddrr}-named ACL the
 * agreement does not produce; on a bus that was linked it adds {@link #topics}, {@link #acls} and {@link
 * #mirrorMakerAcls} to what it provisions, so a restart keeps them.
 */
public final class FederationSetup {

    private FederationSetup() {}

    public static void apply(Admin admin, String local, String remote, int partitions) {
        apply(admin, local, remote, partitions, Set.of());
    }

    /** The same, and {@code auditors} (the agreement's agencies with the auditor role) may read both flows. */
    public static void apply(Admin admin, String local, String remote, int partitions, Set<String> auditors) {
        for (NewTopic topic : topics(local, remote, partitions)) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + topic.name() + ": "
                            + e.getCause().getMessage());
                }
                bound(admin, topic);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        create(admin, acls(local, remote, auditors), "the federation ACLs");
    }

    /** A flow topic made before its retention was bounded gets the bound now; nothing for the others. */
    private static void bound(Admin admin, NewTopic topic) {
        String retention = topic.configs() == null ? null : topic.configs().get(TopicConfig.RETENTION_MS_CONFIG);
        if (retention == null) {
            return;
        }
        try {
            admin.incrementalAlterConfigs(Map.of(
                            new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
                            List.of(new AlterConfigOp(
                                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, retention),
                                    AlterConfigOp.OpType.SET))))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot bound the retention of " + topic.name() + ": "
                    + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The federation's topics on bus {@code local}: outgoing and incoming, each kept {@link FederationTopics#RETENTION}
     * at most, and the handled ids.
     */
    public static List<NewTopic> topics(String local, String remote, int partitions) {
        Map<String, String> bounded =
                Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(FederationTopics.RETENTION.toMillis()));
        return List.of(
                new NewTopic(FederationTopics.flow(local, remote), partitions, (short) 1).configs(bounded),
                new NewTopic(FederationTopics.flow(remote, local), partitions, (short) 1).configs(bounded),
                new NewTopic(FederationTopics.seen(remote, local), 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
    }

    /** The exchange's ACLs on the federation's topics of bus {@code local}, and the auditors' read access to both flows. */
    public static List<AclBinding> acls(String local, String remote, Set<String> auditors) {
        String out = FederationTopics.flow(local, remote);
        String in = FederationTopics.flow(remote, local);
        String seen = FederationTopics.seen(remote, local);
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(out, AclOperation.WRITE));
        acls.add(allow(out, AclOperation.DESCRIBE));
        acls.add(allow(in, AclOperation.READ));
        // The outlet reads what the exchange accepted: each sender's own copy, which the exchange writes to its inbox.
        acls.add(allow(
                Components.EXCHANGE, ResourceType.TOPIC, Topics.INBOX_PREFIX, PatternType.PREFIXED, AclOperation.READ));
        acls.add(allow(seen, AclOperation.READ));
        acls.add(allow(seen, AclOperation.WRITE));
        acls.add(new AclBinding(
                new ResourcePattern(ResourceType.GROUP, FederationTopics.CLIENT_PREFIX, PatternType.PREFIXED),
                new AccessControlEntry(
                        "User:" + Components.EXCHANGE, "*", AclOperation.READ, AclPermissionType.ALLOW)));
        // The auditor traces a person across the border: what left this bus, and what arrived from the other.
        for (String auditor : auditors) {
            for (String topic : List.of(out, in)) {
                acls.add(allow(auditor, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
                acls.add(allow(auditor, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
            }
            // Seeing (not reading) the handled ids' topic tells the auditor which bus of the two it is on.
            acls.add(allow(auditor, ResourceType.TOPIC, seen, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        return acls;
    }

    /**
     * MirrorMaker 2's principal on this bus, {@link FederationTopics#MIRROR_PRINCIPAL}, with {@code password}: it reads
     * the outgoing topic (the flow local to remote) and writes the incoming one (remote to local), and may use its own
     * internal topics ({@code mm2-*}, {@code heartbeats}, {@code <remote>.heartbeats}), its worker group and transactional ids ({@code
     * <remote>-mm2*}, and its leader's {@code connect-cluster-<remote>-mm2}) for the flow that ends here. Nothing else:
     * no inbox, outbox, ledger or other federation topic. The broker enforces it.
     */
    public static void mirrorMaker(Admin admin, String local, String remote, String password) {
        String mirror = FederationTopics.MIRROR_PRINCIPAL;
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            mirror, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot set the password of " + mirror + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        create(admin, mirrorMakerAcls(local, remote), "MirrorMaker's ACLs");
    }

    /** MirrorMaker 2's ACLs on bus {@code local} (see {@link #mirrorMaker}). */
    public static List<AclBinding> mirrorMakerAcls(String local, String remote) {
        String mirror = FederationTopics.MIRROR_PRINCIPAL;
        String out = FederationTopics.flow(local, remote);
        String in = FederationTopics.flow(remote, local);
        String worker = remote + "-mm2";
        List<AclBinding> acls = new ArrayList<>();
        for (AclOperation op : List.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(mirror, ResourceType.TOPIC, out, PatternType.LITERAL, op));
        }
        for (AclOperation op : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)) {
            acls.add(allow(mirror, ResourceType.TOPIC, in, PatternType.LITERAL, op));
        }
        // Its internal topics: offsets, configs and status of the worker here, offset syncs, heartbeats.
        acls.add(allow(mirror, ResourceType.TOPIC, "mm2-", PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(mirror, ResourceType.TOPIC, "heartbeats", PatternType.LITERAL, AclOperation.ALL));
        // The other bus's heartbeats under their replicated name, which MirrorMaker makes whether it emits any or not.
        acls.add(allow(mirror, ResourceType.TOPIC, remote + ".heartbeats", PatternType.LITERAL, AclOperation.ALL));
        acls.add(allow(mirror, ResourceType.GROUP, worker, PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(mirror, ResourceType.TRANSACTIONAL_ID, worker, PatternType.PREFIXED, AclOperation.ALL));
        acls.add(allow(
                mirror,
                ResourceType.TRANSACTIONAL_ID,
                "connect-cluster-" + worker,
                PatternType.PREFIXED,
                AclOperation.ALL));
        acls.add(allow(mirror, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.DESCRIBE));
        acls.add(allow(
                mirror, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL, AclOperation.IDEMPOTENT_WRITE));
        return acls;
    }

    private static void create(Admin admin, List<AclBinding> acls, String what) {
        try {
            admin.createAcls(acls).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot grant " + what + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return allow(Components.EXCHANGE, ResourceType.TOPIC, topic, PatternType.LITERAL, operation);
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
    }
}
