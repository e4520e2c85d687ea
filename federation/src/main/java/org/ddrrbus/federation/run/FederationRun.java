package org.ddrrbus.federation.run;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.link.FederationSetup;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.federation.link.Inlet;
import org.ddrrbus.federation.link.Outlet;
import org.ddrrbus.federation.mirror.MirrorLink;

/**
 * The federation link between two running buses, in this process: on each bus the federation's topics and ACLs and
 * MirrorMaker's own principal (a fresh password each start), the exchange's outlet and inlet, and MirrorMaker 2
 * between the two, logged in on each bus as that narrow principal, never as the operator. Close it to stop all.
 */
public final class FederationRun implements AutoCloseable {

    private final List<Runnable> stops = new ArrayList<>();
    private final Map<String, String> mirrorSettings;
    private MirrorLink mirror;

    private FederationRun(Map<String, String> mirrorSettings) {
        this.mirrorSettings = mirrorSettings;
    }

    /**
     * Sets both buses up and starts everything.
     *
     * @param restPort the local port of MirrorMaker's internal REST server
     */
    public static FederationRun start(FederationAgreement agreement, BusEnd a, BusEnd b, int restPort) {
        Map<String, Map<String, Object>> clusters = new LinkedHashMap<>();
        for (BusEnd end : List.of(a, b)) {
            String remote = agreement.other(end.country()).country();
            String password = password();
            try (Admin admin = Admin.create(end.admin())) {
                FederationSetup.apply(admin, end.country(), remote, FederationTopics.PARTITIONS, end.auditors());
                FederationSetup.mirrorMaker(admin, end.country(), remote, password);
            }
            clusters.put(end.country(), end.login().apply(FederationTopics.MIRROR_PRINCIPAL, password));
        }
        FederationRun run = new FederationRun(MirrorLink.settings(clusters, restPort));
        try {
            for (BusEnd end : List.of(a, b)) {
                Outlet outlet = new Outlet(end.country(), agreement, end.exchange(), end.verifier(), end.exchangeKey());
                run.stops.add(outlet::close);
                outlet.start();
                Inlet inlet = new Inlet(end.country(), agreement, end.national(), end.exchange(), end.exchangeKey());
                run.stops.add(inlet::close);
                inlet.start();
            }
            run.mirror = MirrorLink.start(run.mirrorSettings);
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
        return run;
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
        if (mirror == null) {
            mirror = MirrorLink.start(mirrorSettings);
        }
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
