package org.ddrrbus.provisioning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AclBinding;

/**
 * What provisioning would change. Empty when the cluster already matches the agreement, which is what makes applying
 * twice a no-op.
 *
 * @param keptPartitions topics whose partition count differs from the layout's: never changed, since every topic of
 *     the bus is keyed (by subjectRef or by figure) and a new count would move keys to other partitions, out of order
 *     with what came before them and away from the exchange's record of each person; the value is the count they have
 * @param keptTopics topics the agreement no longer names but that hold data; kept unless deletion is allowed
 * @param setPasswords principals that get a SCRAM credential: new ones provisioning was given a password for (an
 *     existing user's password is never reset)
 * @param missingUsers principals of the agreement with no SCRAM user yet: each gets one when it is enrolled
 *     ({@code ./ddrr partner enrol}); not a change provisioning makes
 */
public record ProvisioningPlan(
        List<TopicSpec> createTopics,
        Map<String, Integer> keptPartitions,
        Map<String, Map<String, String>> alterConfigs,
        List<String> deleteTopics,
        List<String> keptTopics,
        List<String> setPasswords,
        List<String> missingUsers,
        List<AclBinding> grant,
        List<AclBinding> revoke) {

    public ProvisioningPlan {
        createTopics = List.copyOf(createTopics);
        keptPartitions = Map.copyOf(keptPartitions);
        alterConfigs = Map.copyOf(alterConfigs);
        deleteTopics = List.copyOf(deleteTopics);
        keptTopics = List.copyOf(keptTopics);
        setPasswords = List.copyOf(setPasswords);
        missingUsers = List.copyOf(missingUsers);
        grant = List.copyOf(grant);
        revoke = List.copyOf(revoke);
    }

    public boolean isEmpty() {
        return createTopics.isEmpty()
                && alterConfigs.isEmpty()
                && deleteTopics.isEmpty()
                && setPasswords.isEmpty()
                && grant.isEmpty()
                && revoke.isEmpty();
    }

    /** One line per change; grants are marked because they widen access. */
    public String render() {
        List<String> lines = new ArrayList<>();
        createTopics.stream()
                .sorted(Comparator.comparing(TopicSpec::name))
                .forEach(t -> lines.add("+ topic " + t.name() + " (" + t.partitions() + " partitions, replication "
                        + t.replicationFactor() + ")"));
        new TreeMap<>(keptPartitions)
                .forEach(
                        (t, n) -> lines.add(
                                "! topic " + t + " has " + n
                                        + " partitions, not the layout's: kept, since a keyed topic never changes its partition count"));
        new TreeMap<>(alterConfigs).forEach((t, c) -> lines.add("~ topic " + t + ": set " + new TreeMap<>(c)));
        deleteTopics.stream().sorted().forEach(t -> lines.add("- topic " + t));
        keptTopics.stream()
                .sorted()
                .forEach(t -> lines.add("! topic " + t
                        + " is no longer in the agreement but holds data: kept (use --allow-delete to delete it)"));
        setPasswords.stream().sorted().forEach(u -> lines.add("+ user " + u + " (SCRAM-SHA-512)"));
        missingUsers.stream()
                .sorted()
                .forEach(u ->
                        lines.add("! user " + u + " has no password yet: ./ddrr partner enrol " + u + " gives it one"));
        grant.stream()
                .map(ProvisioningPlan::describe)
                .sorted()
                .forEach(a -> lines.add("+ grant " + a + "   [widens access]"));
        revoke.stream().map(ProvisioningPlan::describe).sorted().forEach(a -> lines.add("- revoke " + a));
        if (lines.isEmpty()) {
            return "no changes: the cluster matches the agreement";
        }
        long widening = grant.size();
        long changes = lines.stream().filter(line -> !line.startsWith("!")).count();
        lines.add(changes + " change(s)" + (widening > 0 ? ", " + widening + " of them widen access" : ""));
        return String.join("\n", lines);
    }

    static String describe(AclBinding acl) {
        var entry = acl.entry();
        var pattern = acl.pattern();
        return entry.principal() + " " + entry.operation() + " "
                + pattern.resourceType().name().toLowerCase() + " " + pattern.name()
                + (pattern.patternType().name().equals("PREFIXED") ? "*" : "");
    }
}
