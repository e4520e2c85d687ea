package org.ddrrbus.launcher.federation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.ddrrbus.federation.agreement.Flow;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.federation.mirror.MirrorLink;
import org.ddrrbus.federation.run.FederationRun;
import org.ddrrbus.launcher.system.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ddrr federate}: links two national buses running on this machine, until Ctrl-C. */
@Command(
        name = "federate",
        mixinStandardHelpOptions = true,
        description = {
            "Link two national buses that ./ddrr up runs on this machine (e.g. ./ddrr up and ./ddrr up --country so),",
            "as the federation agreement says: on each bus the federation topics and ACLs and MirrorMaker 2's own",
            "principal, the exchange's outgoing and incoming sides, and MirrorMaker 2 between the two. Ctrl-C stops.",
            "See docs/federation.md."
        })
public final class FederateCommand implements Callable<Integer> {

    @Option(
            names = "--agreement",
            paramLabel = "FILE",
            defaultValue = "config/" + FederationLoader.FILE_NAME,
            description = "The federation agreement (default: ${DEFAULT-VALUE}).")
    Path agreementFile;

    @Option(
            names = "--data",
            paramLabel = "CC=DIR",
            description =
                    "Data folder of each bus (default: ke=data and data-<cc> for the other, as ./ddrr up --country"
                            + " makes them).")
    Map<String, Path> data = new LinkedHashMap<>();

    @Option(
            names = "--trust-local-keys",
            description =
                    "For a trial on one machine only: where the agreement lists no keys of a bus, trust the"
                            + " public keys its key directory holds for its exchange and its agencies that send across, and"
                            + " print them to paste into the agreement. Between two countries each operator pastes the other's.")
    boolean trustLocalKeys;

    @Option(
            names = "--rest-port",
            defaultValue = "8095",
            description = "Local port of MirrorMaker 2's internal REST server (default: ${DEFAULT-VALUE}).")
    int restPort;

    @Option(
            names = "--side",
            paramLabel = "PART",
            description = "Run one part of the link only: a bus's country code (that bus's exchange's outgoing and"
                    + " incoming sides, with the federation topics and ACLs there, and MirrorMaker 2's login there written to"
                    + " <data>/operator/" + MirrorLogin.FILE_NAME + " to hand over; only its data folder is read)"
                    + " or 'mirror' (MirrorMaker 2 between the two buses: from the handed-over logins with"
                    + " --mirror-login, else with its principal set up on each from both data folders). Default: all"
                    + " of it.")
    String side;

    @Option(
            names = "--mirror-login",
            paramLabel = "CC=FILE",
            description = "With --side mirror: the MirrorMaker login each bus's operator handed over (the file"
                    + " ./ddrr federate --side <cc> writes, <data>/operator/" + MirrorLogin.FILE_NAME + "), one per"
                    + " bus. MirrorMaker 2 then needs no data folder: it trusts the CA certificates the federation"
                    + " agreement names. Without it, --side mirror reads both data folders.")
    Map<String, Path> mirrorLogins = new LinkedHashMap<>();

    @Option(
            names = "--key-holder-patience",
            paramLabel = "DURATION",
            defaultValue = "PT10M",
            description = "How long the other bus's key holder may give no key before the incoming side refuses what"
                    + " needs one and tells the sending bus; until then it reads the same events again (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration keyHolderPatience;

    @Option(
            names = "--rotate-sealing-key",
            description = "With --side <cc>: give that bus's exchange a new federation key pair (in its node home; no"
                    + " bus is reached) and print its sealingKey to paste into the agreement. The replaced key still"
                    + " opens what was sealed to it for 7 days (the flow topics' retention), then it is destroyed.")
    boolean rotateSealingKey;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> countries = countries();
        if (rotateSealingKey) {
            return SealingKeyRotation.rotate(
                    side, countries, side == null ? null : dataOf(side), agreementFile, Clock.systemUTC(), out);
        }
        if (keyHolderPatience.isNegative() || keyHolderPatience.isZero()) {
            throw new IllegalArgumentException("--key-holder-patience must be positive, e.g. PT10M");
        }
        LinkPart part = LinkPart.of(side, countries);
        if (!mirrorLogins.isEmpty()) {
            return mirrorFromLogins(part, countries, out);
        }
        // The buses this part runs on, and, for a trial with --trust-local-keys, those whose keys it trusts.
        Set<String> opened = part.buses(countries);
        if (trustLocalKeys) {
            opened.addAll(part.trusted(countries));
        }
        Map<String, LocalBus> buses = new LinkedHashMap<>();
        List<SideLock> locks = new ArrayList<>();
        FederationRun run;
        FederationAgreement agreement;
        try {
            Map<String, SharingAgreement> national = new LinkedHashMap<>();
            for (String country : countries) {
                if (opened.contains(country)) {
                    LocalBus bus = LocalBus.open(country, dataOf(country));
                    buses.put(country, bus);
                    national.put(country, bus.agreement());
                }
            }
            for (String country : part.sides()) {
                locks.add(SideLock.take(buses.get(country).operatorDir(), country));
            }
            // The other bus of a side run here: its own sharing agreement, where ./ddrr up --country finds it.
            for (String country : countries) {
                national.computeIfAbsent(country, Workspace::agreement);
            }
            LocalTrust trust = new LocalTrust(trustLocalKeys, agreementFile, this::dataOf);
            agreement =
                    trust.trusting(FederationLoader.load(agreementFile, national), part.trusted(countries), buses, out);
            out.println("Linking bus " + countries.get(0) + " and bus " + countries.get(1) + " by " + agreementFile
                    + " (version " + agreement.version() + ", "
                    + agreement.flows().size() + " flows): " + part.describe() + " ...");
            out.flush();
            for (String country : part.sides()) {
                SealingKeyRotation.destroyExpired(buses.get(country), agreement, Clock.systemUTC(), out);
            }
            run = part.start(agreement, countries, buses, restPort, keyHolderPatience);
            for (String country : part.mirror() ? List.<String>of() : part.sides()) {
                // The mirror's login on this bus, handed to whoever runs --side mirror.
                MirrorLogin.give(buses.get(country), other(countries, country));
                out.println("MirrorMaker 2 may log in on bus " + country + " as " + FederationTopics.MIRROR_PRINCIPAL
                        + ": hand " + MirrorLogin.fileOf(buses.get(country)) + " (secret) to whoever runs ./ddrr"
                        + " federate --side mirror --mirror-login " + country + "=<that file>.");
            }
        } catch (RuntimeException e) {
            buses.values().forEach(LocalBus::close);
            locks.forEach(SideLock::close);
            throw e;
        }
        for (Flow flow : agreement.flows()) {
            out.println("  " + flow.from() + " -> " + flow.to() + "  " + flow.eventType() + " from "
                    + String.join(",", flow.senders()) + " to " + String.join(",", flow.recipients()));
        }
        if (part.mirror()) {
            out.println("MirrorMaker 2 copies " + FederationTopics.flow(countries.get(0), countries.get(1)) + " and "
                    + FederationTopics.flow(countries.get(1), countries.get(0)) + ", logged in on each bus as "
                    + FederationTopics.MIRROR_PRINCIPAL + ".");
        }
        for (String country : part.sides()) {
            out.println("Bus " + country + "'s exchange sends what may leave to "
                    + FederationTopics.flow(country, other(countries, country)) + " and takes what arrives on "
                    + FederationTopics.flow(other(countries, country), country) + ".");
        }
        out.println(
                part.sides().size() == countries.size()
                        ? "The federation link runs. Try it with ./ddrr demo --federation; Ctrl-C stops it."
                        : "This part of the federation link runs (" + part.describe() + "); the link needs the other"
                                + " parts running too. Ctrl-C stops it.");
        out.flush();
        FederationRun running = run;
        return runUntilStopped(() -> {
            running.close();
            buses.values().forEach(LocalBus::close);
            locks.forEach(SideLock::close);
        });
    }

    /** Waits for Ctrl-C, then runs {@code stop}. */
    private static int runUntilStopped(Runnable stop) throws InterruptedException {
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (stopping.compareAndSet(false, true)) {
                                System.out.println("\nStopping the federation link ...");
                                stop.run();
                                stopped.countDown();
                            }
                        },
                        "ddrr-federate-stop"));
        stopped.await();
        return 0;
    }

    /**
     * MirrorMaker 2 alone from what the two operators handed over: each bus's login file and the CA certificates the
     * federation agreement names. No data folder is read, no operator's login used: each side set its bus up.
     */
    private int mirrorFromLogins(LinkPart part, List<String> countries, PrintWriter out) throws InterruptedException {
        if (part.sides().size() > 0 || !part.mirror() || side == null) {
            throw new IllegalArgumentException("--mirror-login goes with --side mirror only");
        }
        if (!mirrorLogins.keySet().equals(new LinkedHashSet<>(countries))) {
            throw new IllegalArgumentException("--mirror-login: one login file per linked bus ("
                    + String.join(", ", countries) + "), not " + String.join(", ", mirrorLogins.keySet()));
        }
        Map<String, MirrorLogin> logins = new LinkedHashMap<>();
        for (String country : countries) {
            MirrorLogin login = MirrorLogin.read(mirrorLogins.get(country));
            if (!login.country().equals(country)) {
                throw new IllegalArgumentException("--mirror-login " + country + "=" + mirrorLogins.get(country)
                        + " is the login of bus " + login.country());
            }
            logins.put(country, login);
        }
        Map<String, SharingAgreement> national = new LinkedHashMap<>();
        countries.forEach(country -> national.put(country, Workspace.agreement(country)));
        FederationAgreement agreement = FederationLoader.load(agreementFile, national);
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        for (String country : countries) {
            Optional<Path> ca = agreement.bus(country).caCertificate().map(Path::of);
            clusters.put(country, logins.get(country).client(ca));
        }
        out.println("Linking bus " + countries.get(0) + " and bus " + countries.get(1) + " by " + agreementFile
                + " (version " + agreement.version() + "): MirrorMaker 2 alone, from the handed-over logins ...");
        out.flush();
        MirrorLink mirror = MirrorLink.start(MirrorLink.settings(clusters, restPort));
        out.println("MirrorMaker 2 copies " + FederationTopics.flow(countries.get(0), countries.get(1)) + " and "
                + FederationTopics.flow(countries.get(1), countries.get(0)) + ", logged in on each bus as "
                + FederationTopics.MIRROR_PRINCIPAL + ". Ctrl-C stops it.");
        out.flush();
        return runUntilStopped(mirror::close);
    }

    private Path dataOf(String country) {
        return data.getOrDefault(country, Path.of("ke".equals(country) ? "data" : "data-" + country));
    }

    private static String other(List<String> countries, String country) {
        return countries.get(0).equals(country) ? countries.get(1) : countries.get(0);
    }

    private List<String> countries() {
        Set<String> named = new LinkedHashSet<>(List.of("ke", "so"));
        if (!data.isEmpty()) {
            named = new LinkedHashSet<>(data.keySet());
            if (named.size() == 1) {
                named.add(named.contains("ke") ? "so" : "ke");
            }
        }
        if (named.size() != 2) {
            throw new IllegalArgumentException("--data names " + named.size() + " buses; a federation links two");
        }
        for (String country : named) {
            if (!country.matches("[a-z]{2}")) {
                throw new IllegalArgumentException("--data: '" + country + "' is not a two-letter country code");
            }
        }
        return List.copyOf(named);
    }
}
