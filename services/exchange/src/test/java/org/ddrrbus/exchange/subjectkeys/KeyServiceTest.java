package org.ddrrbus.exchange.subjectkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.Aead;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.events.SubjectKeyUse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.ResponseEntity;

/**
 * A partner obtains a person's key from the exchange over real HTTP, signed with its own key, only as the agreement
 * allows, and never once the person is erased. The controller is called by the JDK's HTTP server rather than by
 * Spring's dispatcher, so no broker is needed.
 */
class KeyServiceTest {

    private static final String PERSON = "KE-KEYS-0101";
    private static final byte[] CONTENT = "areaOfReturn=Msambweni".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "ce_id=1".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final SigningKey nctc = SigningKey.generate("nctc");
    private final SigningKey cicc = SigningKey.generate("cicc");
    private final SigningKey embassy = SigningKey.generate("embassy-dk");
    private final SigningKey iom = SigningKey.generate("iom");
    private final SigningKey dashboard = SigningKey.generate("dashboard");
    private final SubjectKeyId id = SubjectKeyId.of(PERSON, Period.ofYears(10), Instant.now());
    private SubjectKeyStore store;
    private HttpServer server;
    /** What the key holder recorded, in order; when {@code recording} is false, every record fails. */
    private final List<SubjectKeyAnswered> recorded = new CopyOnWriteArrayList<>();

    private volatile boolean recording = true;

    @BeforeEach
    void serve() throws IOException {
        store = new SubjectKeyStore(dir, Clock.systemUTC());
        SubjectKeyController controller = new SubjectKeyController(new KeyService(
                store,
                AgreementLoader.loadDefault(),
                KeyRing.of(nctc, cicc, embassy, iom, dashboard),
                Clock.systemUTC(),
                answer -> {
                    if (!recording) {
                        return CompletableFuture.failedFuture(new IllegalStateException("the broker is gone"));
                    }
                    recorded.add(answer);
                    return CompletableFuture.completedFuture(null);
                }));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(SubjectKeyRequest.PATH_PREFIX, exchange -> answer(controller, exchange));
        server.start();
    }

    private static void answer(SubjectKeyController controller, HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI()
                .getPath()
                .substring(SubjectKeyRequest.PATH_PREFIX.length())
                .split("/", -1);
        String query = exchange.getRequestURI().getQuery();
        ResponseEntity<String> response = controller.key(
                parts[0],
                parts.length > 1 ? parts[1] : "",
                parts.length > 2 ? parts[2] : "",
                query != null && query.startsWith("use=") ? query.substring(4) : null,
                exchange.getRequestHeaders().getFirst(SubjectKeyRequest.SIGNING_KEY_HEADER),
                exchange.getRequestHeaders().getFirst(SubjectKeyRequest.TIME_HEADER),
                exchange.getRequestHeaders().getFirst(SubjectKeyRequest.SIGNATURE_HEADER),
                exchange.getRequestHeaders().getFirst(SubjectKeyRequest.AUDIENCE_HEADER));
        byte[] body = response.getBody().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.getStatusCode().value(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpSubjectKeys client(SigningKey key, Clock clock) {
        return new HttpSubjectKeys(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                () -> key,
                HttpClient.newHttpClient(),
                clock,
                Duration.ofMinutes(5));
    }

    private HttpSubjectKeys client(SigningKey key) {
        return client(key, Clock.systemUTC());
    }

    @Test
    void everyAnswerIsRecordedWithTheCaseCodeWhoAskedWhatForAndTheOutcome() {
        client(nctc).keyFor(id);
        assertThat(client(cicc).find(id)).isEmpty();

        assertThat(recorded).hasSize(2);
        SubjectKeyAnswered granted = recorded.get(0);
        assertThat(granted.getSubjectRef()).isEqualTo(PERSON);
        assertThat(granted.getAgency()).isEqualTo("nctc");
        assertThat(granted.getSigningKeyId()).isEqualTo(nctc.keyId());
        assertThat(granted.getUse()).isEqualTo(SubjectKeyUse.SEAL);
        assertThat(granted.getKeyId()).isEqualTo(id.text());
        assertThat(granted.getStatus()).isEqualTo(200);
        assertThat(granted.getGranted()).isTrue();
        SubjectKeyAnswered refused = recorded.get(1);
        assertThat(refused.getAgency()).isEqualTo("cicc");
        assertThat(refused.getUse()).isEqualTo(SubjectKeyUse.OPEN);
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(refused.getGranted()).isFalse();
    }

    @Test
    void aKeyWhoseGrantCannotBeRecordedIsNotGiven() {
        recording = false;

        assertThatThrownBy(() -> client(nctc).keyFor(id)).hasMessageContaining("503");

        recording = true;
        assertThat(client(nctc).keyFor(id)).isNotNull();
        assertThat(recorded)
                .singleElement()
                .satisfies(answer -> assertThat(answer.getGranted()).isTrue());
    }

    @Test
    void theSenderGetsTheKeyToSealWithAndARecipientTheSameKeyToOpenWith() throws GeneralSecurityException {
        Aead sealing = client(nctc).keyFor(id);
        byte[] ciphertext = sealing.encrypt(CONTENT, CONTEXT);
        store.recordDelivery(PERSON, "cicc");

        Aead opening = client(cicc).find(id).orElseThrow();

        assertThat(opening.decrypt(ciphertext, CONTEXT)).isEqualTo(CONTENT);
        assertThat(store.keyFor(id).decrypt(ciphertext, CONTEXT)).isEqualTo(CONTENT);
    }

    @Test
    void anAgencyTheAgreementGivesNoSuchEventsIsRefused() {
        assertThat(client(embassy).find(id))
                .as("not granted: read as a key not held")
                .isEmpty();
        assertThatThrownBy(() -> client(embassy).keyFor(id))
                .hasMessage("the key holder refused seal " + id.text() + ": 403 the sharing agreement lets embassy-dk"
                        + " send no sealed event type kept P10Y");
        SubjectKeyId twoYears = SubjectKeyId.of(PERSON, Period.ofYears(2), Instant.now());
        assertThatThrownBy(() -> client(nctc).keyFor(twoYears)).hasMessageContaining("403");
        assertThat(store.find(twoYears)).isEmpty();
    }

    @Test
    void aKeyIsGivenOnlyToAnAgencyThePersonsEventsReachedOrTheFirstSenderOfANewPerson()
            throws GeneralSecurityException {
        byte[] ciphertext = client(nctc).keyFor(id).encrypt(CONTENT, CONTEXT);
        store.recordDelivery(PERSON, "nctc"); // the sender's own copy, as the exchange writes it

        assertThat(client(cicc).find(id))
                .as("cicc was delivered nothing of the person")
                .isEmpty();
        assertThatThrownBy(() -> client(iom).keyFor(id))
                .hasMessage("the key holder refused seal " + id.text() + ": 403 no sealed event of " + PERSON
                        + " was delivered to iom: its keys are given only to agencies its events reached (and, to"
                        + " seal, to the first sender of a person new to the bus)");
        store.recordDelivery(PERSON, "iom");
        assertThat(client(iom).keyFor(id).decrypt(ciphertext, CONTEXT)).isEqualTo(CONTENT);
        assertThat(client(cicc).find(id)).as("still nothing delivered to cicc").isEmpty();
        SubjectKeyId newPerson = SubjectKeyId.of("KE-KEYS-0202", Period.ofYears(10), Instant.now());
        assertThat(client(iom).keyFor(newPerson))
                .as("a person new to the bus, e.g. met at a border")
                .isNotNull();
        assertThat(client(iom).find(newPerson))
                .as("but not opened before it is delivered")
                .isEmpty();
    }

    @Test
    void theDashboardOpensOnlyKeysOfTheTypesItCountsAndSealsNone() throws GeneralSecurityException {
        byte[] ciphertext = client(nctc).keyFor(id).encrypt(CONTENT, CONTEXT);

        assertThat(client(dashboard).find(id).orElseThrow().decrypt(ciphertext, CONTEXT))
                .isEqualTo(CONTENT);
        assertThatThrownBy(() -> client(dashboard).keyFor(id)).hasMessageContaining("403");
        SubjectKeyId twoYears = SubjectKeyId.of(PERSON, Period.ofYears(2), Instant.now());
        assertThat(client(dashboard).find(twoYears))
                .as("no type the dashboard counts is kept two years")
                .isEmpty();
    }

    @Test
    void aRequestNotSignedByAKeyThatSpeaksForAnAgencyOrNotFreshIsRefused() {
        assertThatThrownBy(() -> client(SigningKey.generate("nctc")).keyFor(id))
                .hasMessageContaining("401 the request is not signed by a key that speaks for an agency now");
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofMinutes(10)), ZoneOffset.UTC);
        assertThatThrownBy(() -> client(nctc, later).keyFor(id))
                .hasMessageContaining("401 the request's Ddrr-Time is more than 2 minutes from the key holder's clock");
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void onceThePersonIsErasedNoKeyIsGivenOrMadeAndAPartnerForgetsWhatItHeld() {
        HttpSubjectKeys recipient = client(cicc);
        client(nctc).keyFor(id);
        store.recordDelivery(PERSON, "cicc");
        assertThat(recipient.find(id)).isPresent();

        store.destroy(PERSON);
        recipient.forget(PERSON);

        assertThat(recipient.held()).isZero();
        assertThat(recipient.find(id)).isEmpty();
        assertThatThrownBy(() -> client(nctc).keyFor(id))
                .hasMessage("the key holder has no key " + id.text()
                        + " to seal with: the person was erased or the month is past its retention");
        assertThat(store.find(id)).isEmpty();
    }
}
