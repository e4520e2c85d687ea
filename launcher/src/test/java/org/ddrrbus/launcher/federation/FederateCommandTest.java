package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.ddrrbus.launcher.Ddrr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./ddrr federate} and {@code ./ddrr demo --federation} say before any bus is reached. */
class FederateCommandTest {

    @TempDir
    Path data;

    @Test
    void aBusThatIsNotRunningIsNamedWithTheCommandThatStartsIt() {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "federate",
                "--data",
                "ke=" + data.resolve("ke"),
                "--data",
                "so=" + data.resolve("so"));

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("ddrr: no bus of ke in " + data.resolve("ke") + ": start it first with ./ddrr up");
    }

    @Test
    void aFederationLinksTwoBuses() {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "federate",
                "--data",
                "ke=a",
                "--data",
                "so=b",
                "--data",
                "et=c");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("--data names 3 buses; a federation links two");
    }

    @Test
    void theCrossBorderDemoNeedsBothBuses() {
        StringWriter err = new StringWriter();
        int exit = Ddrr.run(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                "demo",
                "--federation",
                "--data",
                data.resolve("ke").toString(),
                "--federation-data",
                data.resolve("so").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("no bus of ke in " + data.resolve("ke") + ": start it first");
    }
}
