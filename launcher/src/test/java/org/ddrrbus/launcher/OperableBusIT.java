package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.awaitility.Awaitility;
import org.ddrrbus.client.health.Probes;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.up.UpCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operators' probes of a bus run by the real {@code ./ddrr up} (temporary data, free ports): every component,
 * the exchange included, says UP on its readiness probe without a password once the banner is printed, and shows
 * details only to a signed-in user; the metrics need a sign-in.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperableBusIT {

    private static final Path OPENAPI = Path.of("../docs/openapi");

    @TempDir
    static Path data;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final HttpClient http = HttpClient.newHttpClient();
    private Thread up;
    private BusSystem system;

    @BeforeAll
    void startTheBus() {
        up = new Thread(
                () -> Ddrr.run(
                        new PrintWriter(out, true),
                        new PrintWriter(err, true),
                        "up",
                        "--data",
                        data.toString(),
                        "--free-ports"),
                "ddrr-up-under-test");
        up.start();
        Awaitility.await("ddrr up prints its banner")
                .atMost(Duration.ofMinutes(6))
                .pollInterval(Duration.ofMillis(500))
                .failFast("ddrr up stopped: " + err, () -> !up.isAlive())
                .until(() -> out.toString().contains("ddrr-bus is up."));
        system = UpCommand.runningInProcess().orElseThrow();
    }

    @AfterAll
    void stopTheBus() throws InterruptedException {
        UpCommand.stopInProcess();
        up.join(Duration.ofMinutes(2).toMillis());
    }

    @Test
    void everyComponentIsReadyWithoutAPasswordOnceTheBannerIsPrinted() throws Exception {
        String banner = out.toString();
        assertThat(banner.indexOf("Waiting until every component is ready"))
                .isNotNegative()
                .isLessThan(banner.indexOf("ddrr-bus is up."));
        for (String component : BusSystem.COMPONENTS) {
            HttpResponse<String> readiness = get(component, Probes.READINESS, null);
            assertThat(readiness.statusCode()).as(component + " readiness").isEqualTo(200);
            assertThat(readiness.body())
                    .as(component + " shows an anonymous caller no details")
                    .isEqualTo("{\"status\":\"UP\"}");
            assertThat(get(component, Probes.LIVENESS, null).statusCode())
                    .as(component + " liveness")
                    .isEqualTo(200);
        }
    }

    @Test
    void aSignedInUserSeesWhyAndAnAnonymousOneDoesNot() throws Exception {
        assertThat(get("nctc", Probes.HEALTH, null).body()).doesNotContain("components");
        HttpResponse<String> detailed = get("nctc", Probes.READINESS, staffOf("nctc"));
        assertThat(detailed.statusCode()).isEqualTo(200);
        assertThat(detailed.body()).contains("\"kafka\"").contains("\"readinessState\"");
    }

    @Test
    void theMetricsNeedASignIn() throws Exception {
        assertThat(get("nctc", Probes.PROMETHEUS, null).statusCode()).isEqualTo(401);
        assertThat(get("nctc", Probes.PROMETHEUS, staffOf("nctc")).statusCode()).isEqualTo(200);
    }

    /**
     * Every partner service's OpenAPI document is the one checked in under docs/openapi/. After changing an API, run
     * this test with {@code -Dddrr.openapi.write=true} to write the new documents, and review their diff.
     */
    @Test
    void theCheckedInOpenApiDocumentsMatchTheServices() throws Exception {
        boolean write = Boolean.getBoolean("ddrr.openapi.write");
        JsonMapper json = JsonMapper.builder().build();
        List<String> drifted = new ArrayList<>();
        for (String component : List.of("nctc", "iom", "cicc", "county", "embassy")) {
            String credentials = component.equals("embassy") ? embassyStaff() : staffOf(component);
            HttpResponse<String> served = get(component, "/v3/api-docs", credentials);
            assertThat(served.statusCode())
                    .as(component + " serves its OpenAPI document")
                    .isEqualTo(200);
            assertThat(get(component, "/swagger-ui/index.html", credentials).statusCode())
                    .as(component + " serves the Swagger UI")
                    .isEqualTo(200);
            JsonNode live = json.readTree(served.body());
            assertThat(live.toString()).as(component).contains("application/problem+json");
            Path file = OPENAPI.resolve(component + ".json");
            if (write) {
                Files.createDirectories(OPENAPI);
                Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(live) + "\n");
            } else if (!Files.exists(file)
                    || !json.readTree(Files.readString(file)).equals(live)) {
                drifted.add(component);
            }
        }
        assertThat(drifted)
                .as("services whose API differs from docs/openapi/<service>.json (rerun with"
                        + " -Dddrr.openapi.write=true, then review the diff)")
                .isEmpty();
    }

    private String embassyStaff() {
        List<String> args = system.arguments("embassy");
        return value(args, "--ddrr.embassy.users[0].name=") + ":" + value(args, "--ddrr.embassy.users[0].password=");
    }

    /** {@code name:password} of the first staff account a service was started with. */
    String staffOf(String component) {
        List<String> args = system.arguments(component);
        String name = value(args, "--ddrr.service.users[0].name=");
        String password = value(args, "--ddrr.service.users[0].password=");
        return name + ":" + password;
    }

    private static String value(List<String> args, String prefix) {
        return args.stream()
                .filter(a -> a.startsWith(prefix))
                .findFirst()
                .orElseThrow()
                .substring(prefix.length());
    }

    HttpResponse<String> get(String component, String path, String credentials) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(system.url(component) + path)).timeout(Duration.ofSeconds(30));
        if (credentials != null) {
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
