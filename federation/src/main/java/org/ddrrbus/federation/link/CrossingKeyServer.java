package org.ddrrbus.federation.link;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.tls.ServedTls;

/**
 * Serves {@link CrossingKeyHolder} at this bus's {@code keyHolder} address from the federation agreement (its one
 * source): {@code GET /subject-keys/<subjectRef>/<retention>/<yyyy-MM>?use=open}, signed as a partner signs its
 * requests to its own bus's key holder ({@link SubjectKeyRequest}) and addressed to this bus. Answers are never cached
 * ({@code no-store}). Over {@code https:} with a certificate of this bus's CA, which the linked bus's inlet alone
 * trusts for it (the agreement's {@code caCertificate} of this bus); plain {@code http:}, which the agreement accepts
 * on loopback alone, for a trial on one machine.
 */
public final class CrossingKeyServer implements AutoCloseable {

    /** Where a key is asked for: the one line every other request is answered with. */
    private static final String USAGE =
            "ask at " + SubjectKeyRequest.PATH_PREFIX + "<subjectRef>/<retention>/<yyyy-MM>?use=open";

    /** The file, in the exchange's node home, of the key and certificate this key holder serves https with. */
    public static final String CERTIFICATE_FILE = "crossing-key-holder.pem";

    /** Requests answered at once: their grant records then share a round trip to the broker. */
    private static final int AT_ONCE = 4;

    private final HttpServer server;
    private final ExecutorService answering;

    private CrossingKeyServer(HttpServer server, ExecutorService answering) {
        this.server = server;
        this.answering = answering;
    }

    /**
     * @param certificate this key holder's key and certificate chain (PEM) of this bus's CA, for an {@code https:}
     *     address
     * @throws IllegalStateException in one line when an {@code https:} address has no certificate, or the address
     *     cannot be served
     */
    public static CrossingKeyServer start(URI address, CrossingKeyHolder holder, Optional<Path> certificate) {
        try {
            InetSocketAddress at = new InetSocketAddress(address.getHost(), address.getPort());
            HttpServer server;
            if ("https".equals(address.getScheme())) {
                HttpsServer https = HttpsServer.create(at, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(ServedTls.of(
                        certificate.orElseThrow(() -> new IllegalStateException("the key holder for the linked bus at "
                                + address + " is https: it needs a certificate of this bus's CA")))));
                server = https;
            } else {
                server = HttpServer.create(at, 0);
            }
            server.createContext(SubjectKeyRequest.PATH_PREFIX, http -> answer(http, holder));
            // Every other path: one line saying where to ask, not the JDK's HTML page.
            server.createContext("/", http -> write(http, new KeyAnswer(404, "nothing here: " + USAGE)));
            ExecutorService answering = Executors.newFixedThreadPool(AT_ONCE);
            server.setExecutor(answering);
            server.start();
            return new CrossingKeyServer(server, answering);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve the key holder for the linked bus at " + address + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + " (is another ./ddrr federate running?)",
                    e);
        }
    }

    private static void answer(HttpExchange http, CrossingKeyHolder holder) throws IOException {
        write(
                http,
                "GET".equals(http.getRequestMethod())
                        ? asked(http, holder)
                        : new KeyAnswer(405, "only GET is answered"));
    }

    private static void write(HttpExchange http, KeyAnswer answer) throws IOException {
        try (http) {
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
            return new KeyAnswer(400, USAGE);
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
                    http.getRequestHeaders().getFirst(SubjectKeyRequest.SIGNATURE_HEADER),
                    http.getRequestHeaders().getFirst(SubjectKeyRequest.AUDIENCE_HEADER)));
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
