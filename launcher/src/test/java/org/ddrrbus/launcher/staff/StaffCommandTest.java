package org.ddrrbus.launcher.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ddrrbus.launcher.Ddrr;
import org.ddrrbus.launcher.system.MonitoringAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddrr staff add} refuses the one name a person can never sign in with. */
class StaffCommandTest {

    @TempDir
    Path home;

    @Test
    void theMonitoringAccountsNameIsRefusedInOneLineAndNothingIsWritten() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Ddrr.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "staff",
                "add",
                "cicc",
                MonitoringAccount.NAME,
                "--role",
                "viewer",
                "--home",
                home.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString().lines().toList())
                .singleElement()
                .asString()
                .startsWith("ddrr: " + MonitoringAccount.NAME + " is the name of every service's monitoring account")
                .endsWith("give the person another name");
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files).isEmpty();
        }
    }
}
