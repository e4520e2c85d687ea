package org.ddrrbus.client.subjectkeys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partner's subject keys, asked of the key holder (the exchange) over HTTP(S) with requests signed by the agency's
 * own key, and kept in memory only, for {@code cacheFor} at most: never written to a file, and dropped at once for a
 * person the partner learns was erased ({@link #forget}).
 */
public final class HttpSubjectKeys implements SubjectKeys {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD could not be registered", e);
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(HttpSubjectKeys.class);

    private final URI base;
    private final Supplier<SigningKey> signer;
    private final HttpClient http;
    private final Clock clock;
    private final Duration cacheFor;
    private final Optional<String> audience;
    private final Answers answers;
    private final Map<SubjectKeyId, Held> held = new ConcurrentHashMap<>();

    /**
     * How the body of a granted answer becomes Tink's JSON keyset: as it came from the bus's own key holder, or opened
     * where a linked bus's key holder sealed it to the asking bus.
     */
    @FunctionalInterface
    public interface Answers {
        Answers PLAIN = (id, body) -> body;

        /** @throws GeneralSecurityException when the body does not open as the keyset of {@code id} */
        String keyset(SubjectKeyId id, String body) throws GeneralSecurityException;
    }

    private record Held(Aead key, Instant until) {}

    /**
     * @param base the key holder's address, e.g. {@code https://exchange.example:8443}
     * @param signer the agency's signing key now
     * @param http a client trusting the bus CA ({@link org.ddrrbus.client.tls.CaTrust#httpsContext})
     */
    public HttpSubjectKeys(URI base, Supplier<SigningKey> signer, HttpClient http, Clock clock, Duration cacheFor) {
        this(base, signer, http, clock, cacheFor, Optional.empty(), Answers.PLAIN);
    }

    /**
     * A client of a key holder that is one of several: its requests name {@code audience}, and {@code answers} opens
     * what it grants.
     */
    public HttpSubjectKeys(
            URI base,
            Supplier<SigningKey> signer,
            HttpClient http,
            Clock clock,
            Duration cacheFor,
            Optional<String> audience,
            Answers answers) {
        this.base = requireSecure(base);
        this.signer = signer;
        this.http = http;
        this.clock = clock;
        this.cacheFor = cacheFor;
        this.audience = audience;
        this.answers = answers;
    }

    /**
     * The key holder's address, if keys may travel to it: over {@code https:}, or over plain {@code http:} only on this
     * machine's loopback interface, where no other host can watch the answer. Keys leave the exchange in the body of the
     * answer, so a key holder on another host must be reached over TLS (trusting the bus CA only).
     *
     * @throws IllegalArgumentException in one line, naming the address, otherwise
     */
    public static URI requireSecure(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme();
        String host = base.getHost() == null ? "" : base.getHost();
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (scheme.equals("https") || (scheme.equals("http") && loopback)) {
            return base;
        }
        throw new IllegalArgumentException("the key holder's address " + OneLine.of(base.toString(), 80)
                + " must be https: (plain http: only on loopback, 127.0.0.1 or localhost): people's keys travel in"
                + " its answers");
    }

    @Override
    public Aead keyFor(SubjectKeyId id) {
        return cached(id)
                .orElseGet(() -> ask(SubjectKeyRequest.Use.SEAL, id)
                        .orElseThrow(() -> new IllegalStateException("the key holder has no key " + id.text()
                                + " to seal with: the person was erased or the month is past its retention")));
    }

    @Override
    public Optional<Aead> find(SubjectKeyId id) {
        return cached(id).or(() -> ask(SubjectKeyRequest.Use.OPEN, id));
    }

    /** Drops every key of the person held here: called when the partner learns the person was erased. */
    public void forget(String subjectRef) {
        held.keySet().removeIf(id -> id.subjectRef().equals(subjectRef));
    }

    /** How many keys are held in memory now. */
    public int held() {
        held.values().removeIf(h -> !clock.instant().isBefore(h.until()));
        return held.size();
    }

    private Optional<Aead> cached(SubjectKeyId id) {
        Held h = held.get(id);
        if (h == null || !clock.instant().isBefore(h.until())) {
            held.remove(id);
            return Optional.empty();
        }
        return Optional.of(h.key());
    }

    private Optional<Aead> ask(SubjectKeyRequest.Use use, SubjectKeyId id) {
        SubjectKeyRequest request = SubjectKeyRequest.sign(signer.get(), use, id, clock.instant(), audience);
        HttpRequest.Builder asking = HttpRequest.newBuilder(base.resolve(request.path()))
                .timeout(TIMEOUT)
                .header(SubjectKeyRequest.SIGNING_KEY_HEADER, request.signingKeyId())
                .header(SubjectKeyRequest.TIME_HEADER, request.time().toString())
                .header(SubjectKeyRequest.SIGNATURE_HEADER, request.signatureText());
        audience.ifPresent(to -> asking.header(SubjectKeyRequest.AUDIENCE_HEADER, to));
        HttpResponse<String> response;
        try {
            response = http.send(asking.GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLException e) {
            // A key holder whose certificate the trusted CA did not issue is refused by the handshake, before any key.
            throw new IllegalStateException(
                    "the key holder at " + base + " did not prove itself with a certificate of "
                            + (audience.isEmpty() ? "the bus CA (ddrr.bus.ca-certificate)" : "the CA trusted for it")
                            + ": " + OneLine.first(String.valueOf(e.getMessage()), 160),
                    e);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the key holder at " + base + " did not answer: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the key holder for a key", e);
        }
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            return Optional.empty();
        }
        if (use == SubjectKeyRequest.Use.OPEN && status == 403) {
            // Not granted to read: the record stays unopened (refused as sealed under a key not held), as for an
            // erased person, rather than stopping the reader.
            log.warn(
                    "The key holder refused to let this agency open {}: {}",
                    id.text(),
                    OneLine.of(response.body().strip(), 200));
            return Optional.empty();
        }
        if (status != 200) {
            throw new IllegalStateException("the key holder refused " + use.text() + " " + id.text() + ": " + status
                    + " " + OneLine.of(response.body().strip(), 200));
        }
        try {
            Aead key = TinkJsonProtoKeysetFormat.parseKeyset(
                            answers.keyset(id, response.body()), InsecureSecretKeyAccess.get())
                    .getPrimitive(RegistryConfiguration.get(), Aead.class);
            held.put(id, new Held(key, clock.instant().plus(cacheFor)));
            return Optional.of(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the key holder's answer for " + id.text() + " is not a Tink AEAD keyset");
        }
    }
}
