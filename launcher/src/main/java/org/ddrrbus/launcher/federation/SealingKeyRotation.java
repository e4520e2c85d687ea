package org.ddrrbus.launcher.federation;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.FederationKeyset;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.Workspace;

/**
 * {@code ./ddrr federate --rotate-sealing-key --side <cc>}: a new federation key pair for that bus's exchange, in its
 * node home, reaching no bus. The key it replaces still opens what was sealed to it; keys replaced longer ago than the
 * flow topics keep what crossed ({@link FederationTopics#RETENTION}) are destroyed, here and at every start of that
 * bus's side of the link, unless the federation agreement still names one as the bus's {@code sealingKey}.
 */
final class SealingKeyRotation {

    private SealingKeyRotation() {}

    /** Rotates the key pair of bus {@code country}, whose data folder is {@code data}; prints what to paste. */
    static int rotate(
            String country, List<String> countries, Path data, Path agreementFile, Clock clock, PrintWriter out) {
        if (country == null || !countries.contains(country)) {
            throw new IllegalArgumentException("--rotate-sealing-key goes with --side <cc>, one of the linked buses ("
                    + String.join(", ", countries) + "): the bus whose exchange's federation key pair it rotates");
        }
        Path file = keyFile(country, data);
        Optional<String> named = agreedSealingKey(country, countries, agreementFile);
        FederationKeyset.Keys keys;
        try {
            keys = FederationKeyset.rotate(
                    file, clock.instant().truncatedTo(ChronoUnit.SECONDS), FederationTopics.RETENTION, named);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException(
                    "cannot rewrite the federation key pair of bus " + country + " in " + file + ": " + e.getCause());
        }
        out.println("Bus " + country + "'s exchange has a new federation key " + id(keys.primary()) + " in " + file
                + " (owner-only); the keys it replaced still open what was sealed to them:");
        keys.retired()
                .forEach((id, since) -> out.println("  key " + id(id) + " stopped being primary at " + since
                        + (keys.stillNamed().equals(Optional.of(id))
                                ? ", kept: " + agreementFile + " still names it as bus " + country + "'s sealingKey"
                                : ", opens until " + since.plus(FederationTopics.RETENTION) + ", then destroyed")));
        report(keys, out);
        out.println(
                "Paste under buses." + country + " in both buses' copies of " + agreementFile + " (and bump version):");
        out.println("    sealingKey: " + keys.publicKey());
        out.println("Next: send that line to the other bus's operator; once both copies say it and the other bus's link"
                + " restarted, what crosses to bus " + country + " is sealed to the new key, which this bus's running"
                + " link already opens.");
        out.flush();
        return 0;
    }

    /**
     * Destroys the keys of the exchange's federation key pair of {@code bus} replaced longer ago than the retention,
     * unless {@code agreement} still names one: at every start of that bus's side of the link.
     */
    static void destroyExpired(LocalBus bus, FederationAgreement agreement, Clock clock, PrintWriter out) {
        Path file = bus.sealingKeyFile();
        if (Files.exists(file)) {
            report(
                    FederationKeyset.destroyExpired(
                            file,
                            clock.instant(),
                            FederationTopics.RETENTION,
                            agreement.bus(bus.country()).sealingKey()),
                    out);
        }
    }

    private static void report(FederationKeyset.Keys keys, PrintWriter out) {
        keys.destroyed()
                .forEach((id, since) -> out.println("  key " + id(id) + " destroyed: it stopped being primary at "
                        + since + ", more than " + FederationTopics.RETENTION.toDays()
                        + " days ago; what was sealed to it"
                        + " no longer opens"));
    }

    /** The key pair's file in the exchange's node home of the bus in {@code data}, refused in one line if none. */
    private static Path keyFile(String country, Path data) {
        NodeHome exchange = new NodeHome(new Workspace(data).home(Components.EXCHANGE));
        if (!exchange.exists()) {
            throw new IllegalStateException("no node home of the exchange in " + data + ": start the bus of " + country
                    + " once with ./ddrr up" + ("ke".equals(country) ? "" : " --country " + country));
        }
        Path file = exchange.federationSealingKey();
        if (!Files.exists(file)) {
            throw new IllegalStateException("bus " + country + "'s exchange has no federation key pair yet (" + file
                    + "): run ./ddrr federate first, which makes it at its first run on that bus");
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new IllegalStateException("cannot read and write the federation key pair of bus " + country + " ("
                    + file + "): run this as the user the exchange runs as");
        }
        return file;
    }

    /** The sealingKey the federation agreement names for bus {@code country}, if the agreement is there. */
    private static Optional<String> agreedSealingKey(String country, List<String> countries, Path agreementFile) {
        if (!Files.isRegularFile(agreementFile)) {
            return Optional.empty();
        }
        Map<String, SharingAgreement> national = new LinkedHashMap<>();
        countries.forEach(c -> national.put(c, Workspace.agreement(c)));
        return FederationLoader.load(agreementFile, national).bus(country).sealingKey();
    }

    private static String id(int keyId) {
        return Integer.toUnsignedString(keyId);
    }
}
