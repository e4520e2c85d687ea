package org.ddrrbus.federation.run;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.subjectkeys.BusGrantLog;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.link.CrossingKeyHolder;
import org.ddrrbus.federation.link.CrossingKeyServer;
import org.ddrrbus.federation.link.FederationSetup;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.federation.link.Inlet;
import org.ddrrbus.federation.link.Outlet;
import org.ddrrbus.federation.mirror.MirrorLink;

/**
 * The federation link between two running buses, or one part of it, in this process: on each bus the federation's
 * topics and ACLs, the exchange's outlet and inlet ({@link #side}); MirrorMaker's own principal on both buses (a fresh
 * password each start) and MirrorMaker 2 between the two, logged in on each bus as that narrow principal, never as
 * the operator ({@link #mirror}); or all of it ({@link #start}). Close it to stop what it runs.
 */
public final class FederationRun implements AutoCloseable {

    /** How long the inlet keeps a key of the other bus in memory: long enough for a batch about the person. */
    static final Duration CROSSING_KEYS_FOR = Duration.ofMinutes(1);

    /**
     * How long, by default, the other bus's key holder may give no key before the inlet refuses what needs one (the
     * sending bus told): long enough for a restart, short enough that the link does not stand still for good.
     */
    public static final Duration KEY_HOLDER_PATIENCE = Duration.ofMinutes(10);

    private Duration keyHolderPatience = KEY_HOLDER_PATIENCE;
    /** How each bus's key holder for the other bus is served, and those serving now. */
    private final Map<String, Supplier<CrossingKeyServer>> keyHolderStarts = new ConcurrentHashMap<>();

    private final Map<String, CrossingKeyServer> keyHolders = new ConcurrentHashMap<>();

    private final List<Runnable> stops = new ArrayList<>();
    /** Each bus's inlet's keys of the other bus's people, held in memory only. */
    private final Map<String, HttpSubjectKeys> crossingKeys = new ConcurrentHashMap<>();

    private Map<String, String> mirrorSettings;
    private MirrorLink mirror;

    private FederationRun() {}

    /**
     * Sets both buses up and starts everything: both buses' sides and MirrorMaker 2.
     *
     * @param restPort the local port of MirrorMaker's internal REST server
     */
    public static FederationRun start(
            FederationAgreement agreement, BusEnd a, BusEnd b, int restPort, Duration keyHolderPatience) {
        return guarded(keyHolderPatience, run -> {
            for (BusEnd end : List.of(a, b)) {
                run.runSide(agreement, end);
            }
            run.runMirror(agreement, a, b, restPort);
        });
    }

    /**
     * One bus's own part, which its operator runs with its exchange's credentials and key alone: the federation's
     * topics and the exchange's ACLs on that bus, and its exchange's outlet and inlet. MirrorMaker 2 is not run.
     */
    public static FederationRun side(FederationAgreement agreement, BusEnd end, Duration keyHolderPatience) {
        return guarded(keyHolderPatience, run -> run.runSide(agreement, end));
    }

    /**
     * MirrorMaker 2 alone, for both flows: on each bus the federation's topics, MirrorMaker's principal with a fresh
     * password and its ACLs (as that bus's operator), then MirrorMaker 2 logged in on each as that principal.
     */
    public static FederationRun mirror(FederationAgreement agreement, BusEnd a, BusEnd b, int restPort) {
        return guarded(KEY_HOLDER_PATIENCE, run -> run.runMirror(agreement, a, b, restPort));
    }

    private static FederationRun guarded(Duration keyHolderPatience, Consumer<FederationRun> starting) {
        FederationRun run = new FederationRun();
        run.keyHolderPatience = keyHolderPatience;
        try {
            starting.accept(run);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
    }

    private void runSide(FederationAgreement agreement, BusEnd end) {
        setUp(agreement, end);
        // This bus's key holder for the other bus, at the address the agreement lists (its one source): it grants
        // the other bus's exchange the key of a person whose events the outlet sent there, each answer recorded in
        // ddrr.key-grants. Bound first: an address in use stops the start before anything here writes to the bus.
        agreement.bus(end.country()).keyHolder().ifPresent(address -> {
            BusGrantLog grants = new BusGrantLog(end.exchange(), new EventCodec(), end.exchangeKey());
            stops.add(grants::close);
            CrossingKeyHolder holder =
                    new CrossingKeyHolder(end.country(), agreement, end.subjectKeys(), Clock.systemUTC(), grants);
            keyHolderStarts.put(
                    end.country(), () -> CrossingKeyServer.start(address, holder, end.keyHolderCertificate()));
            startKeyHolder(end.country());
            stops.add(() -> stopKeyHolder(end.country()));
        });
        Outlet outlet = new Outlet(
                end.country(),
                agreement,
                end.national(),
                end.exchange(),
                end.verifier(),
                end.exchangeKey(),
                end.subjectKeys());
        stops.add(outlet::close);
        outlet.start();
        // The other bus's key holder, asked with this exchange's signing key, which the other bus trusts, over TLS
        // trusting the other bus's CA alone; its answers are sealed to this exchange's federation key.
        Bus other = agreement.other(end.country());
        Optional<HttpSubjectKeys> crossingKeys = other.keyHolder()
                .map(address -> new HttpSubjectKeys(
                        address,
                        end.exchangeKey(),
                        client(other),
                        Clock.systemUTC(),
                        CROSSING_KEYS_FOR,
                        Optional.of(CrossingKeyHolder.audience(other.country())),
                        CrossingKeyHolder.opening(end.country(), end.sealing().opener())));
        crossingKeys.ifPresent(keys -> this.crossingKeys.put(end.country(), keys));
        Inlet inlet = new Inlet(
                end.country(),
                agreement,
                end.national(),
                end.exchange(),
                end.exchangeKey(),
                end.subjectKeys(),
                end.sealing().opener(),
                crossingKeys,
                keyHolderPatience);
        stops.add(inlet::close);
        inlet.start();
    }

    /**
     * The inlet's client of the other bus's key holder: over {@code https:} it trusts that bus's CA certificate as the
     * agreement names it and nothing else (the loader requires it for an https key holder).
     */
    private static HttpClient client(Bus other) {
        return other.caCertificate()
                .filter(ca -> other.keyHolder()
                        .map(a -> "https".equals(a.getScheme()))
                        .orElse(false))
                .map(ca -> HttpClient.newBuilder()
                        .sslContext(CaTrust.httpsContext(Path.of(ca)))
                        .build())
                .orElseGet(HttpClient::newHttpClient);
    }

    private void runMirror(FederationAgreement agreement, BusEnd a, BusEnd b, int restPort) {
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        for (BusEnd end : List.of(a, b)) {
            String password = password();
            setUp(agreement, end);
            try (Admin admin = Admin.create(end.admin())) {
                FederationSetup.mirrorMaker(
                        admin, end.country(), agreement.other(end.country()).country(), password);
            }
            clusters.put(end.country(), end.login().apply(FederationTopics.MIRROR_PRINCIPAL, password));
        }
        mirrorSettings = MirrorLink.settings(clusters, restPort);
        mirror = MirrorLink.start(mirrorSettings);
    }

    /** The federation's topics and the exchange's and auditors' ACLs on bus {@code end}, as its operator. */
    private static void setUp(FederationAgreement agreement, BusEnd end) {
        try (Admin admin = Admin.create(end.admin())) {
            FederationSetup.apply(
                    admin,
                    end.country(),
                    agreement.other(end.country()).country(),
                    FederationTopics.PARTITIONS,
                    end.auditors());
        }
    }

    /**
     * Stops bus {@code country}'s key holder for the other bus alone: the other bus's inlet then gets no key of that
     * bus's people, waits, and refuses what needs one after its patience.
     */
    public synchronized void stopKeyHolder(String country) {
        Optional.ofNullable(keyHolders.remove(country)).ifPresent(CrossingKeyServer::close);
    }

    /** Serves bus {@code country}'s key holder for the other bus again, where the agreement lists one. */
    public synchronized void startKeyHolder(String country) {
        Supplier<CrossingKeyServer> start = keyHolderStarts.get(country);
        if (start != null && !keyHolders.containsKey(country)) {
            keyHolders.put(country, start.get());
        }
    }

    /** Stops MirrorMaker 2 alone; the exchanges' sides keep running. */
    public synchronized void stopMirror() {
        if (mirror != null) {
            mirror.close();
            mirror = null;
        }
    }

    /** Starts MirrorMaker 2 again with the same settings. */
    public synchronized void startMirror() {
        if (mirror == null && mirrorSettings != null) {
            mirror = MirrorLink.start(mirrorSettings);
        }
    }

    /**
     * The keys of the other bus's people that bus {@code country}'s inlet holds in memory, asked of the other bus's key
     * holder when not held; empty when the agreement lists no key holder of the other bus.
     */
    public Optional<HttpSubjectKeys> crossingKeys(String country) {
        return Optional.ofNullable(crossingKeys.get(country));
    }

    /** What MirrorMaker 2 runs with: each bus's address and MirrorMaker's login there. */
    public Map<String, String> mirrorSettings() {
        return mirrorSettings;
    }

    private static String password() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public synchronized void close() {
        stopMirror();
        stops.forEach(Runnable::run);
        stops.clear();
    }
}
