package org.ddrrbus.launcher.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A caseworker's HTTP client for one service: JSON in and out, signed in with HTTP Basic. */
public final class ServiceClient {

    /** A response: its status, its JSON body (an empty object when there was none), and who asked. */
    public record Response(int status, JsonNode body, ServiceClient client) {

        public String text(String field) {
            JsonNode value = body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final String baseUrl;
    private final String authorization;

    public ServiceClient(String baseUrl, String user, String password) {
        this(baseUrl, user, password, HttpClient.newBuilder());
    }

    /** The same, for a service that speaks HTTPS with a certificate {@code tls} trusts (the bus CA's, say). */
    public ServiceClient(String baseUrl, String user, String password, SSLContext tls) {
        this(baseUrl, user, password, HttpClient.newBuilder().sslContext(tls));
    }

    private ServiceClient(String baseUrl, String user, String password, HttpClient.Builder http) {
        this.http = http.connectTimeout(Duration.ofSeconds(5)).build();
        this.baseUrl = baseUrl;
        this.authorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, Object body) {
        return postRaw(path, JSON.writeValueAsString(body));
    }

    public Response postRaw(String path, String json) {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            JsonNode json = body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            return new Response(response.statusCode(), json, this);
        } catch (ConnectException e) {
            throw new IllegalStateException("nothing answers at " + baseUrl + "; is ./ddrr up running?");
        } catch (IOException e) {
            throw new IllegalStateException("request to " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
