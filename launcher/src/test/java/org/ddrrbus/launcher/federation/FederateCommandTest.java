package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
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

    /** What {@code ./ddrr} writes to its error stream when it runs {@code args} and must exit with 1. */
    private static String refusal(String... args) {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(new PrintWriter(new StringWriter()), new PrintWriter(err), args);
        assertThat(exit).as(err.toString()).isEqualTo(1);
        return err.toString();
    }
}
