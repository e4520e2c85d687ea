package org.ddrrbus.federation.link;

import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.federation.story.CrossBorderStory;
import org.ddrrbus.iom.IomApplication;
import org.ddrrbus.testing.TestBus;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bus's IOM partner service, run in the test's JVM as {@code ./ddrr up} runs it, with one caseworker: the story
 * answers the referral that crossed through its REST API, over real HTTP, as that caseworker would.
 */
final class PartnerService implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CASEWORKER = "iom-caseworker";

    private final ConfigurableApplicationContext context;
    /** Tomcat's working folder, removed at close so that no run leaves a tomcat.* folder in /tmp. */
    private final Path tomcat;

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PartnerService(ConfigurableApplicationContext context, Path tomcat, int port, String password) {
        this.context = context;
        this.tomcat = tomcat;
        this.baseUrl = "http://localhost:" + port;
        this.authorization = "Basic "
                + Base64.getEncoder().encodeToString((CASEWORKER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * IOM's service on {@code bus}, logged in as {@code iom}, signing with its key and asking the exchange's key holder
     * on loopback port {@code keyHolder} for people's keys, as on a sealing bus.
     */
    static PartnerService iom(TestBus bus, int keyHolder) throws IOException {
        Path tomcat = Files.createTempDirectory("federation-it-iom");
        int port = FreePorts.next();
        String password = UUID.randomUUID().toString();
        List<String> args = new ArrayList<>(bus.busArguments(IomApplication.AGENCY));
        args.add("--server.port=" + port);
        args.add("--ddrr.bus.subject-keys.url=http://localhost:" + keyHolder);
        args.add("--server.tomcat.basedir=" + tomcat);
        args.add("--ddrr.service.users[0].name=" + CASEWORKER);
        args.add("--ddrr.service.users[0].password=" + password);
        args.add("--ddrr.service.users[0].role=CASEWORKER");
        return new PartnerService(
                IomApplication.application().run(args.toArray(String[]::new)), tomcat, port, password);
    }

    /** {@code POST /api/referrals/<id>/<action>} as the caseworker. */
    CrossBorderStory.Answered answer(String referralId, String action, String body) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/referrals/" + referralId + "/" + action))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
        JsonNode eventId = json(response).get("eventId");
        return new CrossBorderStory.Answered(
                response.statusCode(),
                eventId == null || eventId.isNull() ? null : eventId.asString(),
                response.body());
    }

    /** {@code GET <path>} as the caseworker: its JSON, or null unless 200. */
    JsonNode get(String path) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
        return response.statusCode() == 200 ? json(response) : null;
    }

    /** {@code GET <path>} as the caseworker: its HTTP status. */
    int status(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()).statusCode();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(
                    request.header("Authorization", authorization)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        String body = response.body();
        return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    }

    @Override
    public void close() throws IOException {
        context.close();
        try (Stream<Path> files = Files.walk(tomcat)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
