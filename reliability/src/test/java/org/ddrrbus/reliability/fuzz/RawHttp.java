package org.ddrrbus.reliability.fuzz;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP client that sends exactly the bytes it is given — any body, any content type, any path — and keeps the
 * answer as it came, so a test can tell a JSON error from anything else a server might say.
 */
final class RawHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer: status, content type, the body as text and, when it is JSON, as JSON. */
    record Answer(int status, String contentType, String body, JsonNode json) {

        String text(String field) {
            JsonNode value = json == null ? null : json.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        @Override
        public String toString() {
            String shown = body.replace("\n", "\\n").replace("\r", "\\r");
            return status + " " + contentType + " " + (shown.length() > 200 ? shown.substring(0, 200) + "..." : shown);
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Answer send(String method, String url, String user, String password, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = null;
            if (!response.body().isBlank()) {
                try {
                    json = JSON.readTree(response.body());
                } catch (RuntimeException notJson) {
                    // Left null: the test says the answer was not JSON.
                }
            }
            return new Answer(response.statusCode(), type, response.body(), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
