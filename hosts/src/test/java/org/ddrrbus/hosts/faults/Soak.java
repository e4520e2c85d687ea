package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.RejectionReason;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;
import org.ddrrbus.provisioning.Credentials;

/**
 * The soak: iom and cicc publish a mix of events ({@link SteadySender.Kind}) at a steady rate for a bounded time while
 * a random fault from the list of {@link ClusterFaultsIT} strikes every so often; then the whole history is checked:
 * each acknowledged event delivered exactly once to each recipient the agreement names (and to no other), each
 * person's events in order at each recipient, every refusal in the quarantine once with its reason, and {@code audit
 * verify --all} clean over every outbox and inbox.
 *
 * <p>Its settings come from system properties, so that {@code ./ddrr soak} runs the long form and {@code ./mvnw verify}
 * a short one: {@code ddrr.soak.duration} (ISO-8601, default {@code PT20S}), {@code ddrr.soak.rate} (events a second,
 * all senders together, default 100), {@code ddrr.soak.fault-gap} (the shortest and longest wait before each fault,
 * default {@code PT4S,PT6S}), {@code ddrr.soak.held} (how long a fault lasts before it is undone, default {@code
 * PT5S}: longer than the 3 s after which the brokers fence a dead or cut-off broker), {@code ddrr.soak.seed} (which
 * faults, in which order, each once before any repeats; default {@link #DEFAULT_SEED}). Every fault also has its own
 * test in {@link ClusterFaultsIT}, held as long as there; the short soak checks the mix and the whole history.
 */
final class Soak {

    /** Recipients whose inbox is read, each from its own host. */
    private static final List<String> RECIPIENTS = List.of(HostCluster.RECIPIENT, HostCluster.COUNTY);

    /**
     * Its first two draws are the busiest leader's host cut off and a broker killed: the short soak of {@code ./mvnw
     * verify} strikes two faults that need no new exchange process (every fault has its own test there too).
     */
    static final long DEFAULT_SEED = 20261220L;

    private static final int MIN_FAULTS = 2;

    record Settings(
            Duration duration, int perSecond, Duration shortestGap, Duration longestGap, Duration held, long seed) {

        static Settings fromProperties() {
            String[] gap =
                    System.getProperty("ddrr.soak.fault-gap", "PT4S,PT6S").split(",");
            return new Settings(
                    Duration.parse(System.getProperty("ddrr.soak.duration", "PT20S")),
                    Integer.getInteger("ddrr.soak.rate", 100),
                    Duration.parse(gap[0]),
                    Duration.parse(gap[1]),
                    Duration.parse(System.getProperty("ddrr.soak.held", "PT5S")),
                    Long.getLong("ddrr.soak.seed", DEFAULT_SEED));
        }
    }

    /** One fault of the soak, when it began and how long it took to strike and undo. */
    record Struck(String fault, long at, Duration lasted) {}

    /**
     * What the soak counted.
     *
     * @param perRecipient events the agreement sends to each recipient: expected, delivered (distinct), lost,
     *     duplicated, out of order, unexpected (delivered there but not meant for it)
     */
    record Totals(
            Settings settings,
            long sent,
            long acknowledged,
            long refusedToSenders,
            Map<String, long[]> perRecipient,
            long refusalsExpected,
            long quarantinedWithReason,
            long refusalsMissing,
            long quarantinedUnexpectedly,
            List<Struck> faults,
            Duration longestStop,
            Duration longestWait,
            Duration drained,
            String audit,
            String load) {

        /** The file, in the cluster's work folder, that the soak writes its row of docs/reliability.md to. */
        static final String TABLE = "soak.md";

        /**
         * One row of the soak table of docs/reliability.md: settings and when, sent = acknowledged, each recipient's
         * expected = delivered, refusals quarantined with their reason, lost/duplicated/out of order/unexpected, the
         * faults, longest stop, longest wait, {@code audit verify --all}.
         */
        String row() {
            long[] nctc = perRecipient.getOrDefault(HostCluster.RECIPIENT, new long[6]);
            long[] county = perRecipient.getOrDefault(HostCluster.COUNTY, new long[6]);
            long[] wrong = new long[4];
            perRecipient.values().forEach(c -> {
                for (int i = 0; i < 4; i++) {
                    wrong[i] += c[i + 2];
                }
            });
            StringBuilder struck = new StringBuilder(String.valueOf(faults.size())).append(": ");
            for (int i = 0; i < faults.size(); i++) {
                struck.append(i == 0 ? "" : ", ")
                        .append(faults.get(i).fault())
                        .append(" (")
                        .append(FaultRun.Figures.seconds(faults.get(i).lasted()))
                        .append(")");
            }
            return String.format(
                    "| %d s at %d events/s, faults every %d–%d s held %d s, seed %d (load average %s) | %,d |"
                            + " %,d = %,d | %,d = %,d | %,d = %,d | %d, %d, %d, %d | %s | %s | %s | %s |",
                    settings.duration().toSeconds(),
                    settings.perSecond(),
                    settings.shortestGap().toSeconds(),
                    settings.longestGap().toSeconds(),
                    settings.held().toSeconds(),
                    settings.seed(),
                    load,
                    acknowledged,
                    nctc[0],
                    nctc[1],
                    county[0],
                    county[1],
                    refusalsExpected,
                    quarantinedWithReason,
                    wrong[0],
                    wrong[1],
                    wrong[2],
                    wrong[3],
                    struck,
                    FaultRun.Figures.seconds(longestStop),
                    FaultRun.Figures.seconds(longestWait),
                    audit);
        }

        boolean clean() {
            return perRecipient.values().stream().allMatch(c -> c[2] == 0 && c[3] == 0 && c[4] == 0 && c[5] == 0)
                    && refusalsMissing == 0
                    && quarantinedUnexpectedly == 0
                    && quarantinedWithReason == refusalsExpected
                    && acknowledged + refusedToSenders == sent;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format(
                    "soak: %d s at %d events/s, faults held %d s, seed %d; sent %d, acknowledged %d, refused to"
                            + " senders %d",
                    settings.duration().toSeconds(),
                    settings.perSecond(),
                    settings.held().toSeconds(),
                    settings.seed(),
                    sent,
                    acknowledged,
                    refusedToSenders));
            perRecipient.forEach((recipient, c) -> text.append(String.format(
                    "; %s: expected %d, delivered %d, lost %d, duplicated %d, out of order %d, unexpected %d",
                    recipient, c[0], c[1], c[2], c[3], c[4], c[5])));
            text.append(String.format(
                    "; refusals expected %d, quarantined with their reason %d, missing %d, other events quarantined %d",
                    refusalsExpected, quarantinedWithReason, refusalsMissing, quarantinedUnexpectedly));
            text.append(String.format(
                    "; longest stop in deliveries %.1f s, longest wait of one event %.1f s, drained %.1f s after the"
                            + " senders stopped",
                    longestStop.toMillis() / 1000.0, longestWait.toMillis() / 1000.0, drained.toMillis() / 1000.0));
            text.append("; faults ").append(faults.size()).append(":");
            faults.forEach(f -> text.append(
                    String.format(" %s (%.1f s)", f.fault(), f.lasted().toMillis() / 1000.0)));
            text.append("; audit verify --all: ").append(audit);
            text.append("; load average ").append(load);
            return text.toString();
        }
    }

    private final HostCluster cluster;
    private final Settings settings;
    private final Path folder;
    private final Random random;
    private final Map<String, HostProcess> tallies = new LinkedHashMap<>();
    private final Map<String, HostProcess> senders = new LinkedHashMap<>();
    private final List<Struck> struck = new ArrayList<>();
    private long started;
    private final String loadAtStart = FaultRun.Figures.loadAverage();

    private Soak(HostCluster cluster, Settings settings) {
        this.cluster = cluster;
        this.settings = settings;
        this.folder = cluster.network().work().resolve("runs").resolve("soak");
        this.random = new Random(settings.seed());
    }

    /** Runs the soak on a healthy cluster and counts; the cluster is left healthy, or for {@code restore()}. */
    static Totals run(HostCluster cluster, Settings settings) {
        Soak soak = new Soak(cluster, settings);
        try {
            return soak.run();
        } finally {
            soak.senders.values().forEach(HostProcess::kill);
            soak.tallies.values().forEach(HostProcess::kill);
        }
    }

    private Totals run() {
        create(folder);
        for (String recipient : RECIPIENTS) {
            tallies.put(recipient, tally(cluster.network().host(recipient), recipient));
        }
        tallies.put(Topics.QUARANTINE, tally(cluster.network().hub(), Topics.QUARANTINE));
        int each = Math.max(1, settings.perSecond() / HostCluster.SENDERS.size());
        for (String agency : HostCluster.SENDERS) {
            senders.put(
                    agency,
                    cluster.launch(
                            cluster.network().host(agency),
                            "sender-soak",
                            SteadySender.class,
                            List.of(
                                    cluster.clusterFile().toString(),
                                    agency,
                                    String.valueOf(each),
                                    folder.resolve(agency).toString(),
                                    "soak")));
        }
        tallies.values().forEach(t -> t.awaitLine("reading ", Duration.ofMinutes(1)));
        senders.values().forEach(sender -> sender.awaitLine(SteadySender.READY, Duration.ofMinutes(2)));
        senders.keySet().forEach(agency -> touch(folder.resolve(agency).resolve(SteadySender.GO)));
        started = System.currentTimeMillis();
        long end = started + settings.duration().toMillis();
        while (true) {
            long gap = settings.shortestGap().toMillis()
                    + (long) (random.nextDouble()
                            * (settings.longestGap().toMillis()
                                    - settings.shortestGap().toMillis()));
            // At least two faults, however slow the machine: the short soak must strike both of its first draws.
            if (struck.size() >= MIN_FAULTS
                    && System.currentTimeMillis() + gap + settings.held().toMillis() > end) {
                break;
            }
            hold(Duration.ofMillis(gap), "between faults");
            strike(nextFault());
        }
        hold(Duration.ofMillis(Math.max(0, end - System.currentTimeMillis())), "after the last fault");
        return finish();
    }

    private static final List<String> FAULTS = List.of(
            "broker-killed",
            "leader-cut-off",
            "exchange-killed",
            "exchange-link-slow-and-lossy",
            "exchange-killed-in-partition",
            "one-of-two-exchanges-killed");

    /** The faults still to draw before any repeats: each fault once, in a random order, then again. */
    private final List<String> bag = new ArrayList<>();

    private String nextFault() {
        if (bag.isEmpty()) {
            bag.addAll(FAULTS);
            Collections.shuffle(bag, random);
        }
        return bag.remove(0);
    }

    private void strike(String fault) {
        long at = System.currentTimeMillis();
        System.out.println("soak: " + fault + " at +" + (at - started) / 1000 + " s");
        switch (fault) {
            case "broker-killed" -> {
                int victim = cluster.busiestLeader();
                cluster.broker(victim).kill();
                hold(settings.held(), "broker " + victim + " dead");
                cluster.restartBroker(victim);
            }
            case "leader-cut-off" -> {
                Host host = cluster.brokerHost(cluster.busiestLeader());
                host.disconnect();
                try {
                    hold(settings.held(), host.name() + " cut off");
                } finally {
                    host.reconnect();
                }
            }
            case "exchange-killed" -> {
                cluster.exchange().kill();
                cluster.startExchange();
                hold(settings.held(), "the exchange restarted");
            }
            case "exchange-link-slow-and-lossy" -> {
                try (SlowLink link = SlowLink.between(
                        cluster, cluster.exchangeHost(), ClusterFaultsIT.DELAY, ClusterFaultsIT.LOSS_PERCENT)) {
                    hold(settings.held(), "the exchange's link slow and lossy");
                }
            }
            case "exchange-killed-in-partition" -> {
                Host host = cluster.brokerHost(cluster.busiestLeader());
                host.disconnect();
                try {
                    hold(settings.held().dividedBy(2), host.name() + " cut off");
                    cluster.exchange().kill();
                    cluster.startExchange();
                    hold(settings.held().dividedBy(2), host.name() + " cut off, the exchange restarted");
                } finally {
                    host.reconnect();
                }
            }
            case "one-of-two-exchanges-killed" -> {
                HostProcess second = cluster.startSecondExchange();
                second.awaitLine(HostCluster.EXCHANGE_RUNNING, Duration.ofMinutes(3));
                cluster.exchange().kill();
                // The second goes on as the exchange: no restart of the first.
                hold(settings.held(), "one of two exchanges killed");
                cluster.secondExchangeTookOver();
            }
            default -> throw new IllegalStateException(fault);
        }
        struck.add(new Struck(fault, at, Duration.ofMillis(System.currentTimeMillis() - at)));
        // The next fault strikes a healthy cluster: two faults at once could leave fewer than two replicas in sync.
        cluster.awaitFullyReplicated(Duration.ofMinutes(3));
    }

    /** Lets time pass while the senders run; fails at once if one of them ended. */
    private void hold(Duration duration, String phase) {
        long until = System.currentTimeMillis() + duration.toMillis();
        Awaitility.await("soak: " + phase)
                .atMost(duration.plusMinutes(1))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> sendersAlive() && System.currentTimeMillis() >= until);
    }

    private boolean sendersAlive() {
        senders.forEach((agency, sender) -> {
            if (!sender.alive()) {
                throw new AssertionError(agency + "'s sender ended early; " + sender.tailText());
            }
        });
        return true;
    }

    private HostProcess tally(Host host, String agency) {
        return cluster.launch(
                host,
                "tally-soak-" + agency,
                InboxTally.class,
                List.of(
                        cluster.clusterFile().toString(),
                        agency,
                        folder.resolve("inbox-" + agency).toString()));
    }

    /** An acknowledged event: when, whose, what. */
    private record Acked(long at, String id, String subject, SteadySender.Kind kind, String sender, long sequence) {}

    private Totals finish() {
        for (String agency : senders.keySet()) {
            touch(folder.resolve(agency).resolve(SteadySender.STOP));
        }
        senders.values().forEach(sender -> sender.awaitExit(Duration.ofMinutes(4)));
        long stopped = System.currentTimeMillis();
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Map<String, Acked> acked = new HashMap<>();
        long sent = 0;
        long failed = 0;
        Set<String> prefixes = new TreeSet<>();
        for (String agency : senders.keySet()) {
            Path out = folder.resolve(agency);
            prefixes.add(lines(out.resolve(SteadySender.PREFIX)).get(0).strip());
            for (String line : lines(out.resolve(SteadySender.ACKNOWLEDGED))) {
                String[] f = line.split(" ");
                acked.put(
                        f[1],
                        new Acked(
                                Long.parseLong(f[0]), f[1], f[2], SteadySender.Kind.of(f[3]), agency, sequence(f[1])));
            }
            String[] done = lines(out.resolve(SteadySender.DONE)).get(0).split(" ");
            sent += Long.parseLong(done[1]);
            failed += Long.parseLong(done[5]);
        }
        Map<String, Set<String>> expected = new TreeMap<>();
        Set<String> refusals = new TreeSet<>();
        for (Acked event : acked.values()) {
            if (event.kind() == SteadySender.Kind.REFUSED) {
                refusals.add(event.id());
            } else {
                for (String recipient : recipients(agreement, event)) {
                    expected.computeIfAbsent(recipient, r -> new TreeSet<>()).add(event.id());
                }
            }
        }
        if (!RECIPIENTS.containsAll(expected.keySet())) {
            throw new IllegalStateException("the agreement sends soak events to " + expected.keySet()
                    + ", but the soak reads only " + RECIPIENTS);
        }
        try {
            Awaitility.await("soak: every acknowledged event delivered, every refusal quarantined")
                    .atMost(Duration.ofMinutes(6))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> RECIPIENTS.stream()
                                    .allMatch(r -> ids(r, prefixes).containsAll(expected.getOrDefault(r, Set.of())))
                            && ids(Topics.QUARANTINE, prefixes).containsAll(refusals));
        } catch (ConditionTimeoutException e) {
            // Counted below: the totals say what is missing.
        }
        long drained = System.currentTimeMillis() - stopped;
        tallies.forEach((recipient, tally) -> touch(Path.of(folder.resolve("inbox-" + recipient) + ".stop")));
        tallies.values().forEach(tally -> tally.awaitExit(Duration.ofMinutes(2)));

        Map<String, long[]> perRecipient = new LinkedHashMap<>();
        List<Long> deliveries = new ArrayList<>();
        long longestWait = 0;
        for (String recipient : RECIPIENTS) {
            Set<String> meant = expected.getOrDefault(recipient, Set.of());
            Map<String, Integer> copies = new HashMap<>();
            Map<String, Long> lastSequence = new HashMap<>();
            long outOfOrder = 0;
            for (String[] f : records(recipient, prefixes)) {
                copies.merge(f[2], 1, Integer::sum);
                long at = Long.parseLong(f[0]);
                deliveries.add(at);
                Acked event = acked.get(f[2]);
                if (event != null && copies.get(f[2]) == 1) {
                    longestWait = Math.max(longestWait, at - event.at());
                }
                long seq = sequence(f[2]);
                Long before = lastSequence.put(f[1], seq);
                if (before != null && seq <= before) {
                    outOfOrder++;
                }
            }
            long lost = meant.stream().filter(id -> !copies.containsKey(id)).count();
            long duplicated = copies.values().stream().filter(n -> n > 1).count();
            long unexpected =
                    copies.keySet().stream().filter(id -> !meant.contains(id)).count();
            long delivered = copies.keySet().stream().filter(meant::contains).count();
            perRecipient.put(recipient, new long[] {meant.size(), delivered, lost, duplicated, outOfOrder, unexpected});
        }
        Map<String, Integer> quarantined = new HashMap<>();
        long withReason = 0;
        long unexpectedlyQuarantined = 0;
        for (String[] f : records(Topics.QUARANTINE, prefixes)) {
            quarantined.merge(f[2], 1, Integer::sum);
            if (refusals.contains(f[2])
                    && quarantined.get(f[2]) == 1
                    && f.length > 4
                    && RejectionReason.RECIPIENT_NOT_PERMITTED.name().equals(f[4])) {
                withReason++;
            } else {
                unexpectedlyQuarantined++;
            }
        }
        long missing =
                refusals.stream().filter(id -> !quarantined.containsKey(id)).count();

        long firstAck = acked.values().stream().mapToLong(Acked::at).min().orElse(stopped);
        deliveries.sort(Long::compare);
        long longestStop = 0;
        long previous = firstAck;
        for (long at : deliveries) {
            longestStop = Math.max(longestStop, at - previous);
            previous = Math.max(previous, at);
        }
        Totals totals = new Totals(
                settings,
                sent,
                acked.size(),
                failed,
                perRecipient,
                refusals.size(),
                withReason,
                missing,
                unexpectedlyQuarantined,
                List.copyOf(struck),
                Duration.ofMillis(longestStop),
                Duration.ofMillis(longestWait),
                Duration.ofMillis(drained),
                auditVerify(),
                loadAtStart + " to " + FaultRun.Figures.loadAverage());
        System.out.println(totals);
        try {
            Files.writeString(folder.resolve("figures.txt"), totals + "\n");
            Files.writeString(cluster.network().work().resolve(Totals.TABLE), totals.row() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return totals;
    }

    /** Whom the agreement sends an event to: the agency it is addressed to, or every recipient needing no consent. */
    private static Set<String> recipients(SharingAgreement agreement, Acked event) {
        String type = event.kind() == SteadySender.Kind.BORDER_RETURN ? "BorderReturnRecorded" : "SupportDelivered";
        EventPolicy policy = agreement.policy(type).orElseThrow();
        if (policy.addressedBy().isPresent()) {
            return policy.routeTo(HostCluster.RECIPIENT).isPresent() ? Set.of(HostCluster.RECIPIENT) : Set.of();
        }
        Set<String> to = new TreeSet<>();
        for (Route route : policy.recipients().values()) {
            if (!route.consentRequired() && !route.recipient().equals(event.sender())) {
                to.add(route.recipient());
            }
        }
        return to;
    }

    /**
     * {@code audit verify --all} as the auditor, on the hub: every record of every outbox and inbox, the soak's and
     * the earlier tests', checked for schema, signatures and the agreement. Returns its summary line; a failure throws
     * with its output.
     */
    private String auditVerify() {
        ClusterFile file = cluster.cluster();
        String output = cluster.network()
                .hub()
                .process("audit-verify")
                .javaMain(
                        List.of("-Xmx256m", "-XX:+UseSerialGC"),
                        HostCluster.classpath(),
                        "org.ddrrbus.auditor.AuditMain",
                        List.of(
                                "verify",
                                "--all",
                                "--bootstrap",
                                file.bootstrap(),
                                "--password",
                                Credentials.at(file.passwords()).passwordFor(AUDITOR),
                                "--keys-dir",
                                file.keys().toString(),
                                "--ca",
                                file.caCertificate().toString(),
                                "--timeout",
                                "60"))
                .run(Duration.ofMinutes(5));
        return output.lines()
                .filter(line -> line.startsWith("total"))
                .findFirst()
                .orElse(output.strip().lines().reduce((a, b) -> b).orElse(""));
    }

    static final String AUDITOR = "auditor";

    private List<String[]> records(String tally, Set<String> prefixes) {
        return lines(folder.resolve("inbox-" + tally)).stream()
                .map(line -> line.split(" "))
                .filter(f -> f.length >= 4 && prefixes.stream().anyMatch(f[1]::startsWith))
                .toList();
    }

    private Set<String> ids(String tally, Set<String> prefixes) {
        Set<String> ids = new TreeSet<>();
        records(tally, prefixes).forEach(f -> ids.add(f[2]));
        return ids;
    }

    private static long sequence(String id) {
        return Long.parseLong(id.substring(SteadySender.ID_PREFIX.length(), SteadySender.ID_PREFIX.length() + 8));
    }

    private static void create(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void touch(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
