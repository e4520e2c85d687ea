package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.ddrrbus.client.envelope.FederationKeyset;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.Ddrr;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./ddrr federate --rotate-sealing-key --side <cc>} says and does, on a node home alone. */
class SealingKeyRotationTest {

    private static final String ID = "2b7d0c1e-9f3a-4c55-8e21-6a0f1b2c3d4e";
    private static final String TYPE = "org.ddrrbus.events.BorderReturnRecorded";
    private static final String PERSON = "SO-ROTA-0002";
    private static final byte[] PLAIN = "borderPoint=Mandera Town".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path data;

    @Test
    void itRotatesTheSidesKeyAndPrintsTheNewSealingKeyToPasteAndWhatToDoNext() throws Exception {
        Path file = exchangeHome().federationSealingKey();
        FederationSeal.KeyPair first = FederationSeal.keyPair(file);
        byte[] sealedToFirst = sealTo(first.publicKey());

        Run run = federate("--rotate-sealing-key", "--side", "ke");

        assertThat(run.exit()).as(run.err()).isZero();
        FederationSeal.KeyPair rotated = FederationSeal.keyPair(file);
        assertThat(rotated.publicKey()).isNotEqualTo(first.publicKey());
        assertThat(run.out())
                .contains("Bus ke's exchange has a new federation key ")
                .contains("\n    sealingKey: " + rotated.publicKey() + "\n")
                .contains("Paste under buses.ke in both buses' copies of ")
                .contains("opens until ")
                .contains("\nNext: send that line to the other bus's operator;");
        assertThat(run.out().lines().filter(line -> line.startsWith("Next:"))).hasSize(1);
        assertThat(open(rotated, sealedToFirst)).isEqualTo(PLAIN);
        assertThat(open(rotated, sealTo(rotated.publicKey()))).isEqualTo(PLAIN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");

        // The first key stopped being primary more than the retention ago: the next rotation destroys it.
        Path retired = FederationKeyset.retiredFile(file);
        String longAgo = Instant.now().minus(Duration.ofDays(8)).toString();
        Files.writeString(retired, Files.readString(retired).replaceAll("=.*", "=" + longAgo));

        Run again = federate("--rotate-sealing-key", "--side", "ke");

        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out()).containsPattern("key \\d+ destroyed: it stopped being primary at " + longAgo);
        assertThat(FederationSeal.keyPair(file).publicKey()).isNotEqualTo(rotated.publicKey());
        assertThat(open(FederationSeal.keyPair(file), sealTo(rotated.publicKey())))
                .isEqualTo(PLAIN);
        assertThat(opens(FederationSeal.keyPair(file), sealedToFirst)).isFalse();
    }

    @Test
    void withoutASideItSaysWhichBus() {
        Run run = federate("--rotate-sealing-key");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().strip())
                .isEqualTo("ddrr: --rotate-sealing-key goes with --side <cc>, one of the linked buses (ke, so): the"
                        + " bus whose exchange's federation key pair it rotates");
    }

    @Test
    void aMissingNodeHomeAMissingKeyPairAndAnUnreadableOneAreEachOneLine() throws Exception {
        Run noHome = federate("--rotate-sealing-key", "--side", "so");
        assertThat(noHome.exit()).isEqualTo(1);
        assertThat(noHome.err().strip())
                .isEqualTo("ddrr: no node home of the exchange in " + data.resolve("so")
                        + ": start the bus of so once with ./ddrr up --country so");

        Path file = exchangeHome().federationSealingKey();
        Run noKey = federate("--rotate-sealing-key", "--side", "ke");
        assertThat(noKey.exit()).isEqualTo(1);
        assertThat(noKey.err().strip())
                .isEqualTo("ddrr: bus ke's exchange has no federation key pair yet (" + file
                        + "): run ./ddrr federate first, which makes it at its first run on that bus");

        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"primaryKeyId\": ");
        Run unreadable = federate("--rotate-sealing-key", "--side", "ke");
        assertThat(unreadable.exit()).isEqualTo(1);
        assertThat(unreadable.err().strip())
                .isEqualTo("ddrr: unreadable federation key pair " + file + ": not a Tink keyset");
        assertThat(unreadable.err().lines()).hasSize(1);
    }

    private NodeHome exchangeHome() throws Exception {
        Path home = new Workspace(data.resolve("ke")).home(Components.EXCHANGE);
        Files.createDirectories(home);
        Files.writeString(home.resolve(NodeHome.NODE_PROPERTIES), "principal=exchange\n");
        return new NodeHome(home);
    }

    private record Run(int exit, String out, String err) {}

    private Run federate(String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 7];
        args[0] = "federate";
        System.arraycopy(options, 0, args, 1, options.length);
        int next = options.length + 1;
        args[next++] = "--data";
        args[next++] = "ke=" + data.resolve("ke");
        args[next++] = "--data";
        args[next++] = "so=" + data.resolve("so");
        args[next++] = "--agreement";
        args[next] = data.resolve("no-agreement.yaml").toString();
        int exit = Ddrr.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static byte[] sealTo(String publicKey) {
        return FederationSeal.seal(FederationSeal.publicKey(publicKey), "ke", ID, TYPE, PERSON, PLAIN);
    }

    private static byte[] open(FederationSeal.KeyPair pair, byte[] value) {
        return FederationSeal.open(pair.opener(), "ke", value, ID, TYPE, PERSON);
    }

    private static boolean opens(FederationSeal.KeyPair pair, byte[] value) {
        try {
            open(pair, value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
