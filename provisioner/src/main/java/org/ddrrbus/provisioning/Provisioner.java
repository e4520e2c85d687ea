package org.ddrrbus.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a cluster match the agreement: plans the difference, then applies it.
 *
 * <p>It manages only what is the bus's own: topics named {@code ddrr.*} and ACLs on resources named {@code ddrr*}. Of
 * SCRAM users it only creates those of the agreement's principals it is given a password for, and only while they do
 * not exist: it never resets a password (a partner's is set by its enrolment, and only the partner keeps it) and never
 * deletes a user, so the other applications' users of a shared cluster are left alone. It never deletes a topic that
 * holds data unless told to.
 */
public final class Provisioner {

    private static final Logger log = LoggerFactory.getLogger(Provisioner.class);
    private static final int SCRAM_ITERATIONS = 8192;

    private final Admin admin;
    private final DesiredState desired;
    private final Credentials credentials;

    /**
     * @param credentials the passwords of the principals provisioning may create, when they do not exist yet: the
     *     bus's own components on a cluster, or every principal on a test bus; nothing is generated here
     */
    public Provisioner(Admin admin, DesiredState desired, Credentials credentials) {
        this.admin = admin;
        this.desired = desired;
        this.credentials = credentials;
    }

    public ProvisioningPlan plan(boolean allowDelete) {
        try {
            Set<String> existingTopics = admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith("ddrr."))
                    .collect(Collectors.toSet());
            Map<String, TopicDescription> descriptions = existingTopics.isEmpty()
                    ? Map.of()
                    : admin.describeTopics(existingTopics).allTopicNames().get();
            Map<String, TopicSpec> wanted =
                    desired.topics().stream().collect(Collectors.toMap(TopicSpec::name, t -> t));

            List<TopicSpec> create = new ArrayList<>();
            // Never grown nor shrunk: every topic of the bus is keyed, and the exchange keeps each person's record on
            // the
            // partition their subjectRef hashes to. It refuses to start when an outbox differs.
            Map<String, Integer> keptPartitions = new HashMap<>();
            for (TopicSpec spec : desired.topics()) {
                TopicDescription found = descriptions.get(spec.name());
                if (found == null) {
                    create.add(spec);
                } else if (found.partitions().size() != spec.partitions()) {
                    keptPartitions.put(spec.name(), found.partitions().size());
                }
            }
            Map<String, Map<String, String>> alter = configDrift(wanted, descriptions.keySet());

            List<String> delete = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            List<String> unwanted = existingTopics.stream()
                    .filter(t -> !wanted.containsKey(t))
                    .sorted()
                    .toList();
            Set<String> holdingData = holdingData(unwanted, descriptions);
            for (String topic : unwanted) {
                if (holdingData.contains(topic) && !allowDelete) {
                    kept.add(topic);
                } else {
                    delete.add(topic);
                }
            }

            Set<String> existingUsers =
                    admin.describeUserScramCredentials().all().get().keySet();
            List<String> setPasswords = desired.principals().stream()
                    .filter(p -> !existingUsers.contains(p) && credentials.has(p))
                    .sorted()
                    .toList();
            List<String> missingUsers = desired.principals().stream()
                    .filter(p -> !existingUsers.contains(p) && !credentials.has(p))
                    .sorted()
                    .toList();

            Collection<AclBinding> existingAcls = admin.describeAcls(AclBindingFilter.ANY).values().get().stream()
                    .filter(acl -> acl.pattern().name().startsWith("ddrr"))
                    .toList();
            List<AclBinding> grant = desired.acls().stream()
                    .filter(a -> !existingAcls.contains(a))
                    .toList();
            List<AclBinding> revoke = existingAcls.stream()
                    .filter(a -> !desired.acls().contains(a))
                    .toList();

            return new ProvisioningPlan(
                    create, keptPartitions, alter, delete, kept, setPasswords, missingUsers, grant, revoke);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the cluster", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the cluster: " + e.getCause().getMessage(), e.getCause());
        }
    }

    public void apply(ProvisioningPlan plan) {
        try {
            if (!plan.createTopics().isEmpty()) {
                admin.createTopics(plan.createTopics().stream()
                                .map(t -> new NewTopic(t.name(), t.partitions(), t.replicationFactor())
                                        .configs(t.configs()))
                                .toList())
                        .all()
                        .get();
            }
            if (!plan.alterConfigs().isEmpty()) {
                Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
                plan.alterConfigs()
                        .forEach((topic, configs) -> ops.put(
                                new ConfigResource(ConfigResource.Type.TOPIC, topic),
                                configs.entrySet().stream()
                                        .map(c -> new AlterConfigOp(
                                                new ConfigEntry(c.getKey(), c.getValue()), AlterConfigOp.OpType.SET))
                                        .toList()));
                admin.incrementalAlterConfigs(ops).all().get();
            }
            List<UserScramCredentialAlteration> users = new ArrayList<>();
            for (String principal : plan.setPasswords()) {
                users.add(new UserScramCredentialUpsertion(
                        principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                        credentials.passwordFor(principal)));
            }
            if (!users.isEmpty()) {
                admin.alterUserScramCredentials(users).all().get();
            }
            if (!plan.grant().isEmpty()) {
                admin.createAcls(plan.grant()).all().get();
            }
            if (!plan.revoke().isEmpty()) {
                admin.deleteAcls(
                                plan.revoke().stream().map(AclBinding::toFilter).toList())
                        .all()
                        .get();
            }
            if (!plan.deleteTopics().isEmpty()) {
                admin.deleteTopics(plan.deleteTopics()).all().get();
            }
            if (!plan.isEmpty()) {
                log.debug("Provisioned the cluster from the agreement:\n{}", plan.render());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "provisioning failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Sets one principal's SCRAM password, creating its user if need be: a partner's enrolment and its rotation. The
     * broker keeps only a salted hash; the password is written nowhere here.
     */
    public static void setPassword(Admin admin, String principal, String password) {
        try {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            principal,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                            password)))
                    .all()
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the password of " + principal, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot set the password of " + principal + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** Whether the principal has a SCRAM user on the cluster. */
    public static boolean hasUser(Admin admin, String principal) {
        try {
            return admin.describeUserScramCredentials().all().get().containsKey(principal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the users", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot read the cluster's users: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** Plans and applies in one go; returns what was changed. */
    public ProvisioningPlan applyAgreement(boolean allowDelete) {
        ProvisioningPlan plan = plan(allowDelete);
        apply(plan);
        return plan;
    }

    private Map<String, Map<String, String>> configDrift(Map<String, TopicSpec> wanted, Set<String> existing)
            throws InterruptedException, ExecutionException {
        List<ConfigResource> resources = wanted.keySet().stream()
                .filter(existing::contains)
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                .toList();
        if (resources.isEmpty()) {
            return Map.of();
        }
        Map<ConfigResource, Config> current =
                admin.describeConfigs(resources).all().get();
        Map<String, Map<String, String>> drift = new HashMap<>();
        current.forEach((resource, config) -> {
            Map<String, String> changes = new HashMap<>();
            wanted.get(resource.name()).configs().forEach((key, value) -> {
                ConfigEntry entry = config.get(key);
                if (entry == null || !value.equals(entry.value())) {
                    changes.put(key, value);
                }
            });
            if (!changes.isEmpty()) {
                drift.put(resource.name(), changes);
            }
        });
        return drift;
    }

    private Set<String> holdingData(List<String> topics, Map<String, TopicDescription> descriptions)
            throws InterruptedException, ExecutionException {
        if (topics.isEmpty()) {
            return Set.of();
        }
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            descriptions.get(topic).partitions().forEach(p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
            });
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> start =
                admin.listOffsets(earliest).all().get();
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> end =
                admin.listOffsets(latest).all().get();
        return end.entrySet().stream()
                .filter(e -> e.getValue().offset() > start.get(e.getKey()).offset())
                .map(e -> e.getKey().topic())
                .collect(Collectors.toSet());
    }
}
