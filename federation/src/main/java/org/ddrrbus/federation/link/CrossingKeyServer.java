package org.ddrrbus.federation.link;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;

/**
 * Serves {@link CrossingKeyHolder} at this bus's {@code keyHolder} address from the federation agreement (its one
 * source): {@code GET /subject-keys/<subjectRef>/<retention>/<yyyy-MM>?use=open}, signed as a partner signs its
 * requests to its own bus's key holder ({@link SubjectKeyRequest}). Answers are never cached ({@code no-store}).
 * Plain {@code http:} only, which the agreement accepts on loopback alone.
 */
public final class CrossingKeyServer implements AutoCloseable {

    /** Requests answered at once: their grant records then share a round trip to the broker. */
    private static final int AT_ONCE = 4;

    private final HttpServer server;
    private final ExecutorService answering;

    private CrossingKeyServer(HttpServer server, ExecutorService answering) {
        this.server = server;
        this.answering = answering;
    }

    /** @throws IllegalStateException when the address is not plain http (serving over TLS is not built yet) */
    public static CrossingKeyServer start(URI address, CrossingKeyHolder holder) {
        if (!"http".equals(address.getScheme())) {
            throw new IllegalStateException("the key holder for the linked bus is served over plain http on loopback"
                    + " only so far; " + address + " cannot be served");
        }
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address.getHost(), address.getPort()), 0);
            server.createContext(SubjectKeyRequest.PATH_PREFIX, http -> answer(http, holder));
            ExecutorService answering = Executors.newFixedThreadPool(AT_ONCE);
            server.setExecutor(answering);
            server.start();
            return new CrossingKeyServer(server, answering);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the key holder for the linked bus at " + address, e);
        }
    }

    private static void answer(HttpExchange http, CrossingKeyHolder holder) throws IOException {
        try (http) {
            KeyAnswer answer = "GET".equals(http.getRequestMethod())
                    ? asked(http, holder)
                    : new KeyAnswer(405, "only GET is answered");
            byte[] body = (answer.granted() ? answer.body() : answer.body() + "\n").getBytes(StandardCharsets.UTF_8);
            http.getResponseHeaders().set("Cache-Control", "no-store");
            http.getResponseHeaders()
                    .set("Content-Type", answer.granted() ? "application/json" : "text/plain; charset=utf-8");
            http.sendResponseHeaders(answer.status(), body.length);
            http.getResponseBody().write(body);
        }
    }

    private static KeyAnswer asked(HttpExchange http, CrossingKeyHolder holder) {
        String[] parts = http.getRequestURI()
                .getPath()
                .substring(SubjectKeyRequest.PATH_PREFIX.length())
                .split("/");
        if (parts.length != 3) {
            return new KeyAnswer(
                    400, "ask at " + SubjectKeyRequest.PATH_PREFIX + "<subjectRef>/<retention>/<yyyy-MM>?use=open");
        }
        String use = Optional.ofNullable(http.getRequestURI().getQuery())
                .filter(q -> q.startsWith("use="))
                .map(q -> q.substring("use=".length()))
                .orElse(null);
        try {
            return holder.answer(SubjectKeyRequest.read(
                    parts[0],
                    parts[1],
                    parts[2],
                    use,
                    http.getRequestHeaders().getFirst(SubjectKeyRequest.SIGNING_KEY_HEADER),
                    http.getRequestHeaders().getFirst(SubjectKeyRequest.TIME_HEADER),
                    http.getRequestHeaders().getFirst(SubjectKeyRequest.SIGNATURE_HEADER)));
        } catch (IllegalArgumentException e) {
            return new KeyAnswer(400, e.getMessage());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        answering.shutdownNow();
    }
}
