package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.up.UpCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ddrr up} keeps each component to its own trust domain: run in this JVM (temporary data, free ports), every
 * component's effective settings name only its own home and its own password; and no file outside a home (the
 * operator's folder, the broker's logs, every other home) holds that home's Kafka password or private key, as text or
 * as raw bytes. The banner prints no Kafka password.
 */
class UpSeparationIT {

    @TempDir
    Path data;

    /** A secret of one home, and the forms it could be copied in. */
    private record Secret(String owner, String what, byte[] bytes) {}

    @Test
    void everyComponentReadsOnlyItsOwnHomeAndNoOtherFileHoldsItsSecrets() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread up = new Thread(
                () -> Ddrr.run(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "up",
                        "--data",
                        data.toString(),
                        "--free-ports"),
                "ddrr-up-under-test");
        up.start();
        try {
            Awaitility.await("ddrr up runs")
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("ddrr up stopped: " + err, () -> !up.isAlive())
                    .until(() -> UpCommand.runningInProcess().isPresent());
            BusSystem system = UpCommand.runningInProcess().orElseThrow();

            Map<String, NodeHome> homes = new LinkedHashMap<>();
            for (String component : BusSystem.COMPONENTS) {
                assertThat(system.isRunning(component)).as(component).isTrue();
                homes.put(component, new NodeHome(data.resolve("nodes").resolve(BusSystem.principalOf(component))));
            }
            for (String component : BusSystem.COMPONENTS) {
                NodeHome home = homes.get(component);
                List<String> args = system.arguments(component);
                assertThat(args)
                        .as(component + " logs in as its own home's agency")
                        .contains("--ddrr.bus.principal=" + home.settings().agency())
                        .contains("--ddrr.bus.password=" + home.password());
                for (String arg : args) {
                    String value = arg.substring(arg.indexOf('=') + 1);
                    if (value.startsWith("/")) {
                        assertThat(home.holds(Path.of(value)))
                                .as(component + "'s setting " + arg.substring(0, arg.indexOf('=')) + " lies in " + home)
                                .isTrue();
                    }
                    homes.values().stream()
                            .filter(other -> other != home)
                            .forEach(other -> assertThat(arg).doesNotContain(other.password()));
                }
            }

            List<Secret> secrets = new ArrayList<>();
            try (Stream<Path> all = Files.list(data.resolve("nodes"))) {
                for (Path dir : all.toList()) {
                    NodeHome home = new NodeHome(dir);
                    String agency = home.settings().agency();
                    secrets.add(
                            new Secret(agency, "Kafka password", home.password().getBytes(StandardCharsets.US_ASCII)));
                    try (Stream<Path> keys = Files.list(home.keysDir().resolve("private"))) {
                        for (Path key : keys.toList()) {
                            String text = Files.readString(key).strip();
                            secrets.add(new Secret(agency, "private key " + key.getFileName(), text.getBytes()));
                            secrets.add(new Secret(
                                    agency,
                                    "raw private key " + key.getFileName(),
                                    Base64.getDecoder().decode(text)));
                        }
                    }
                }
            }
            // The auditor reads through ./ddrr audit: its home keeps its password, but no client file for Kafka's
            // tools.
            Path auditorHome = data.resolve("nodes").resolve("auditor");
            assertThat(auditorHome.resolve(NodeHome.CLIENT_PROPERTIES)).doesNotExist();
            assertThat(auditorHome.resolve(NodeHome.AUDITOR_LOGIN)).isRegularFile();
            assertThat(data.resolve("nodes").resolve("iom").resolve(NodeHome.CLIENT_PROPERTIES))
                    .isRegularFile();
            StringWriter auditOut = new StringWriter();
            StringWriter auditErr = new StringWriter();
            int audited = Ddrr.run(
                    new PrintWriter(auditOut, true),
                    new PrintWriter(auditErr, true),
                    "audit",
                    "verify",
                    "--topic",
                    "ddrr.outbox.nctc",
                    "--purpose",
                    "oversight",
                    "--data-dir",
                    data.toString(),
                    "--timeout",
                    "30");
            assertThat(audited)
                    .as("./ddrr audit finds its password in the auditor's home: " + auditErr)
                    .isZero();
            assertThat(secrets.stream().map(Secret::owner).distinct())
                    .containsExactlyInAnyOrder(
                            "exchange", "dashboard", "nctc", "iom", "cicc", "county", "embassy-dk", "auditor");
            assertThat(secrets)
                    .filteredOn(s -> s.what().startsWith("private key"))
                    .hasSizeGreaterThanOrEqualTo(7);

            List<String> leaks = new ArrayList<>();
            try (Stream<Path> files = Files.walk(data)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = contentOf(file);
                    for (Secret secret : secrets) {
                        Path home = data.resolve("nodes").resolve(secret.owner());
                        if (!file.startsWith(home)
                                && content.contains(new String(secret.bytes(), StandardCharsets.ISO_8859_1))) {
                            leaks.add(data.relativize(file) + " holds " + secret.owner() + "'s " + secret.what());
                        }
                    }
                }
            }
            assertThat(leaks).as("files outside a home holding its secrets").isEmpty();
            assertThat(Files.readString(data.resolve("operator").resolve("credentials.properties")))
                    .as("the operator keeps the admin password only")
                    .contains("admin=")
                    .doesNotContain("iom=")
                    .doesNotContain("exchange=");

            String banner = out.toString();
            assertThat(banner)
                    .contains("ddrr-bus is up.")
                    .contains(data.resolve("nodes").resolve("iom").toString());
            secrets.stream()
                    .filter(s -> s.what().equals("Kafka password"))
                    .forEach(s -> assertThat(banner)
                            .as("the banner shows no Kafka password of " + s.owner())
                            .doesNotContain(new String(s.bytes(), StandardCharsets.US_ASCII)));
        } finally {
            UpCommand.stopInProcess();
            up.join(Duration.ofMinutes(2).toMillis());
        }
        assertThat(up.isAlive()).as("ddrr up stops").isFalse();
    }

    @Test
    void aPartnerLeftOutThatTheAgreementDoesNotRunIsRefusedInOneLine(@TempDir Path other) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int exit = Ddrr.run(
                new PrintWriter(out), new PrintWriter(err), "up", "--data", other.toString(), "--without", "interpol");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .isEqualTo("ddrr: --without names 'interpol', not one of nctc, iom, cicc, county, embassy-dk, auditor");
    }

    private static String contentOf(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            // Gone since it was listed (a log segment deleted, say): it holds nothing any more.
            return "";
        }
    }
}
