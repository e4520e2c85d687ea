package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ddrrbus.nctc.NctcApplication;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configurations no component may start with, refused with one readable line: the published example passwords of
 * {@code deploy/example.env}, and a service without staff (which used to make up an account and log its password).
 * The command line is run as its own process, as an operator or a container runs it.
 */
class StartRefusalsIT {

    private static final TestBus bus = TestBus.shared();

    @TempDir
    Path work;

    /**
     * Tomcat's folder for the refused service: the class's, not the test's, as the web server's folder was seen made
     * again just after a test's folder had been removed.
     */
    @TempDir
    static Path scratch;

    @Test
    void exampleAdminPasswordInTheEnvironmentStopsEveryCommandWithOneLine() throws Exception {
        Result result = ddrr(Map.of("KAFKA_ADMIN_PASSWORD", "change-me-admin"), "provision", "plan");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errorLines())
                .containsExactly("ddrr: KAFKA_ADMIN_PASSWORD still holds the example value from deploy/example.env"
                        + " ('change-me-...'): set a secret of your own before starting");
    }

    @Test
    void examplePasswordGivenToAComponentStopsItWithOneLineNamingTheSetting() throws Exception {
        Result result = ddrr(
                Map.of("EMBASSY_PASSWORD", "t9X-kq2PzL"),
                "run",
                "embassy",
                "--server.port=0",
                "--ddrr.embassy.users[0].name=embassy-dk",
                "--ddrr.embassy.users[0].password=change-me-embassy");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errorLines().stream().filter(line -> line.startsWith("ddrr: ")))
                .containsExactly("ddrr: ddrr.embassy.users[0].password still holds the example value from"
                        + " deploy/example.env ('change-me-...'): set a secret of your own before starting");
        assertThat(result.errorLines()).noneMatch(line -> line.startsWith("\tat "));
    }

    @Test
    void embassyWithoutStaffDoesNotStartNorLogsAMadeUpPassword() throws Exception {
        Result result = ddrr(Map.of(), "run", "embassy", "--server.port=0");

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.errorLines().stream().filter(line -> line.startsWith("ddrr: ")))
                .containsExactly("ddrr: no embassy staff are configured for embassy-dk: set ddrr.embassy.users (e.g."
                        + " DDRR_EMBASSY_USERS_0_NAME and _PASSWORD)");
        assertThat(String.join("\n", result.errorLines()))
                .doesNotContainIgnoringCase("password {}")
                .doesNotContain("created '");
    }

    @Test
    void serviceWithoutStaffDoesNotStart() {
        Throwable refused = catchThrowable(() -> NctcApplication.application()
                .run(
                        "--server.port=0",
                        "--ddrr.bus.bootstrap-servers=" + bus.bootstrapServers(),
                        "--ddrr.bus.password=" + bus.passwordOf("nctc"),
                        "--ddrr.bus.keys-dir=" + bus.keysDir(),
                        "--spring.main.register-shutdown-hook=false",
                        // Its web server is made before the staff are looked for: its scratch folder in the class's.
                        "--server.tomcat.basedir=" + scratch.resolve("tomcat")));

        assertThat(refused).isNotNull();
        assertThat(Ddrr.oneLine(refused))
                .isEqualTo("no staff accounts are configured for nctc: set ddrr.service.users (e.g."
                        + " DDRR_SERVICE_USERS_0_NAME, _PASSWORD and _ROLE) or ddrr.service.staff-file");
    }

    private record Result(int exit, List<String> errorLines) {}

    /** Runs {@code ddrr} in a JVM of its own, with this test's classpath and the given environment added. */
    private Result ddrr(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Ddrr.class.getName()));
        command.addAll(List.of(args));
        Path err = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("ddrr finishes").isTrue();
        return new Result(process.exitValue(), Files.readAllLines(err, StandardCharsets.UTF_8));
    }
}
