package org.ddrrbus.launcher.federation;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.acl.AclBinding;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.ddrrbus.federation.link.FederationSetup;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.TopicSpec;

/**
 * What {@code ./ddrr up} keeps of a federation link when it provisions a bus again: provisioning revokes every
 * {@code ddrr}-named ACL the sharing agreement does not produce, so a bus that {@code ./ddrr federate} linked would
 * lose its link's ACLs, MirrorMaker's among them, at every restart. A bus is linked when its outgoing federation topic
 * exists; while the federation agreement still links it to that bus, the link's topics and ACLs are provisioned with
 * the rest. Without the agreement (or when it no longer names both buses) they are revoked as before, and the topics
 * that hold data are kept.
 */
public final class KeptLink {

    private KeptLink() {}

    /**
     * @param country this bus's country code
     * @param file the federation agreement, as {@code ./ddrr federate} reads it
     */
    public static DesiredState keep(
            DesiredState national,
            Admin admin,
            String country,
            SharingAgreement agreement,
            Path file,
            PrintWriter out) {
        Optional<String> remote = linkedTo(admin, country);
        if (remote.isEmpty()) {
            return national;
        }
        String other = remote.get();
        if (!Files.isRegularFile(file)) {
            out.println("  bus " + country + " was linked to bus " + other + ", but " + file
                    + " is missing: the link's ACLs are revoked");
            return national;
        }
        try {
            // The other bus's own agreement where this machine has it (config/sharing-agreement-<cc>.yaml), else
            // this bus's stands for it: the other bus's own is checked where ./ddrr federate runs.
            SharingAgreement others =
                    Files.isRegularFile(Workspace.agreementPath(other)) ? Workspace.agreement(other) : agreement;
            FederationAgreement federation = FederationLoader.load(file, Map.of(country, agreement, other, others));
            if (!federation.buses().keySet().equals(Set.of(country, other))) {
                out.println("  " + file + " no longer links bus " + country + " and bus " + other
                        + ": the link's ACLs are revoked");
                return national;
            }
        } catch (RuntimeException e) {
            out.println("  " + file + " does not load (" + OneLine.of(String.valueOf(e.getMessage()), 200)
                    + "): the link's ACLs to bus " + other + " are revoked");
            return national;
        }
        Set<String> auditors =
                agreement.agenciesWith(Role.AUDITOR).stream().map(Agency::id).collect(Collectors.toSet());
        List<TopicSpec> topics = FederationSetup.topics(country, other, FederationTopics.PARTITIONS).stream()
                .map(KeptLink::spec)
                .toList();
        Set<AclBinding> acls = new HashSet<>(FederationSetup.acls(country, other, auditors));
        acls.addAll(FederationSetup.mirrorMakerAcls(country, other));
        out.println("  kept the federation link to bus " + other + " (its topics, the exchange's, the auditors' and"
                + " MirrorMaker's ACLs); ./ddrr federate runs it");
        return national.plus(topics, acls);
    }

    /** The bus this one's outgoing federation topic leads to, if it has one. */
    static Optional<String> linkedTo(Admin admin, String country) {
        try {
            return admin.listTopics().names().get().stream()
                    .map(FederationHeaders::flowOf)
                    .flatMap(Optional::stream)
                    .filter(flow -> flow.from().equals(country))
                    .map(FederationHeaders.Flow::to)
                    .sorted()
                    .findFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot list the topics: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static TopicSpec spec(NewTopic topic) {
        return new TopicSpec(
                topic.name(),
                topic.numPartitions(),
                topic.replicationFactor(),
                topic.configs() == null ? Map.of() : topic.configs());
    }
}
