package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.launcher.Ddrr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./ddrr federate} and {@code ./ddrr demo --federation} say before any bus is reached. */
class FederateCommandTest {

    @TempDir
    Path data;

    @Test
    void aBusThatIsNotRunningIsNamedWithTheCommandThatStartsIt() {
        String err = refusal("federate", "--data", "ke=" + data.resolve("ke"), "--data", "so=" + data.resolve("so"));

        assertThat(err.strip())
                .isEqualTo("ddrr: no bus of ke in " + data.resolve("ke") + ": start it first with ./ddrr up");
    }

    @Test
    void aFederationLinksTwoBuses() {
        String err = refusal("federate", "--data", "ke=a", "--data", "so=b", "--data", "et=c");

        assertThat(err).contains("--data names 3 buses; a federation links two");
    }

    @Test
    void theKeyHolderPatienceIsPositive() {
        String err = refusal("federate", "--key-holder-patience", "PT0S");

        assertThat(err.strip()).isEqualTo("ddrr: --key-holder-patience must be positive, e.g. PT10M");
    }

    @Test
    void aSideIsOneOfTheLinkedBusesOrTheMirror() {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "federate",
                "--side",
                "et",
                "--data",
                "ke=" + data.resolve("ke"),
                "--data",
                "so=" + data.resolve("so"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("ddrr: --side: 'et' is neither one of the linked buses (ke, so) nor mirror");
    }

    @Test
    void oneBusSideReadsOnlyThatBusDataFolder() {
        StringWriter err = new StringWriter();
        // Bus ke's data folder holds no bus either: a side of so never looks there.
        int exit = Ddrr.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "federate",
                "--side",
                "so",
                "--data",
                "ke=" + data.resolve("ke"),
                "--data",
                "so=" + data.resolve("so"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "ddrr: no bus of so in " + data.resolve("so") + ": start it first with ./ddrr up --country so");
    }

    @Test
    void eachPartRunsItsSidesOrTheMirrorAndTrustsTheKeysItsInletsNeed() {
        List<String> both = List.of("ke", "so");

        LinkPart all = LinkPart.of(null, both);
        assertThat(all.sides()).containsExactly("ke", "so");
        assertThat(all.mirror()).isTrue();
        assertThat(all.trusted(both)).containsExactly("so", "ke");

        LinkPart ke = LinkPart.of("ke", both);
        assertThat(ke.mirror()).isFalse();
        assertThat(ke.buses(both)).containsExactly("ke");
        assertThat(ke.trusted(both)).containsExactly("so");

        LinkPart mirror = LinkPart.of("mirror", both);
        assertThat(mirror.sides()).isEmpty();
        assertThat(mirror.buses(both)).containsExactly("ke", "so");
        assertThat(mirror.trusted(both)).isEmpty();
    }

    @Test
    void theCrossBorderDemoNeedsBothBuses() {
        String err = refusal(
                "demo",
                "--federation",
                "--data",
                data.resolve("ke").toString(),
                "--federation-data",
                data.resolve("so").toString());

        assertThat(err).contains("no bus of ke in " + data.resolve("ke") + ": start it first");
    }

    @Test
    void aMirrorLoginIsForTheMirrorAloneOnePerBus() {
        assertThat(refusal("federate", "--mirror-login", "ke=a", "--mirror-login", "so=b"))
                .contains("ddrr: --mirror-login goes with --side mirror only");
        assertThat(refusal("federate", "--side", "ke", "--mirror-login", "ke=a", "--mirror-login", "so=b"))
                .contains("ddrr: --mirror-login goes with --side mirror only");
        assertThat(refusal("federate", "--side", "mirror", "--mirror-login", "ke=a"))
                .contains("ddrr: --mirror-login: one login file per linked bus (ke, so), not ke");
    }

    @Test
    void theMirrorReadsTheLoginEachOperatorHandedOverAndNoDataFolder() throws Exception {
        Path ke = data.resolve("operator-ke").resolve(MirrorLogin.FILE_NAME);
        new MirrorLogin("ke", "127.0.0.1:9092", "SASL_SSL", "secret-ke").write(ke);
        Path so = data.resolve("operator-so").resolve(MirrorLogin.FILE_NAME);
        new MirrorLogin("so", "127.0.0.1:9192", "SASL_SSL", "secret-so").write(so);

        MirrorLogin read = MirrorLogin.read(ke);
        assertThat(read).isEqualTo(new MirrorLogin("ke", "127.0.0.1:9092", "SASL_SSL", "secret-ke"));
        assertThat(read.toString()).doesNotContain("secret");
        assertThat(Files.getPosixFilePermissions(ke))
                .containsOnly(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(read.client(Optional.empty()))
                .containsEntry("bootstrap.servers", "127.0.0.1:9092")
                .containsEntry("security.protocol", "SASL_SSL")
                .hasEntrySatisfying(
                        "sasl.jaas.config",
                        jaas -> assertThat(String.valueOf(jaas))
                                .contains("username=\"mirrormaker\"")
                                .contains("secret-ke"));

        // Handed over the wrong way round: refused before any bus is reached.
        assertThat(refusal("federate", "--side", "mirror", "--mirror-login", "ke=" + so, "--mirror-login", "so=" + ke))
                .contains("ddrr: --mirror-login ke=" + so + " is the login of bus so");

        Files.writeString(ke, "country=ke\nbootstrap.servers=127.0.0.1:9092\nsecurity.protocol=SASL_SSL\n");
        assertThatThrownBy(() -> MirrorLogin.read(ke))
                .hasMessage(ke + " is no MirrorMaker login: it has no mirrormaker.password");
    }

    /** What {@code ./ddrr} writes to its error stream when it runs {@code args} and must exit with 1. */
    private static String refusal(String... args) {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(exit).as(err.toString()).isEqualTo(1);
        return err.toString();
    }
}
