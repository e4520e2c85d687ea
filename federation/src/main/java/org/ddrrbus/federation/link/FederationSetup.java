package org.ddrrbus.federation.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.ddrrbus.client.topic.Components;

/**
 * The federation's topics and ACLs on one bus: the outgoing topic, which only the exchange writes; the incoming one,
 * which only the exchange reads (MirrorMaker writes it, as the operator's principal); and the exchange's record of
 * what it handled. Idempotent.
 */
public final class FederationSetup {

    private FederationSetup() {}

    public static void apply(Admin admin, String local, String remote, int partitions) {
        String out = FederationTopics.flow(local, remote);
        String in = FederationTopics.flow(remote, local);
        String seen = FederationTopics.seen(remote, local);
        List<NewTopic> topics = List.of(
                new NewTopic(out, partitions, (short) 1),
                new NewTopic(in, partitions, (short) 1),
                new NewTopic(seen, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        for (NewTopic topic : topics) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + topic.name() + ": "
                            + e.getCause().getMessage());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        List<AclBinding> acls = new ArrayList<>();
        acls.add(allow(out, AclOperation.WRITE));
        acls.add(allow(out, AclOperation.DESCRIBE));
        acls.add(allow(in, AclOperation.READ));
        acls.add(allow(seen, AclOperation.READ));
        acls.add(allow(seen, AclOperation.WRITE));
        acls.add(new AclBinding(
                new ResourcePattern(ResourceType.GROUP, FederationTopics.CLIENT_PREFIX, PatternType.PREFIXED),
                new AccessControlEntry(
                        "User:" + Components.EXCHANGE, "*", AclOperation.READ, AclPermissionType.ALLOW)));
        try {
            admin.createAcls(acls).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot grant the federation ACLs: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static AclBinding allow(String topic, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + Components.EXCHANGE, "*", operation, AclPermissionType.ALLOW));
    }
}
