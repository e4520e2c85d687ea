package org.ddrrbus.reliability.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
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

    /**
     * Writes a request's bytes as they are to the server of {@code url} on a plain socket, keeping the connection open
     * for writing, and reads the answer: so a test can announce a body and never send it, or send a chunked body that
     * does not end, and see whether the server answers all the same.
     */
    Answer raw(String url, byte[] request) {
        URI uri = URI.create(url);
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                    String text = received.toString(StandardCharsets.UTF_8);
                    int bodyAt = text.indexOf("\r\n\r\n");
                    if (bodyAt > 0 && text.substring(bodyAt).contains("}")) {
                        break;
                    }
                }
            } catch (SocketTimeoutException e) {
                // Whatever arrived is the answer.
            }
            return parse(received.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("raw request to " + url + " failed: " + e, e);
        }
    }

    /** Basic credentials as a request header line. */
    static String authorization(String user, String password) {
        return "Authorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    }

    private static Answer parse(String response) {
        if (!response.startsWith("HTTP/1.1 ")) {
            return new Answer(0, "", response, null);
        }
        int status = Integer.parseInt(response.substring(9, 12));
        int split = response.indexOf("\r\n\r\n");
        String head = split < 0 ? response : response.substring(0, split);
        String body = split < 0 ? "" : response.substring(split + 4);
        String type = head.lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                .map(line -> line.substring("content-type:".length()).strip())
                .findFirst()
                .orElse("");
        // A chunked answer: the JSON is between the first chunk's size line and its end.
        int open = body.indexOf('{');
        int close = body.lastIndexOf('}');
        String json = open >= 0 && close > open ? body.substring(open, close + 1) : body;
        JsonNode node = null;
        try {
            node = JSON.readTree(json);
        } catch (RuntimeException notJson) {
            // Left null: the test says the answer was not JSON.
        }
        return new Answer(status, type, json, node);
    }

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
