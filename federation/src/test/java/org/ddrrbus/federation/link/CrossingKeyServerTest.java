package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ddrrbus.federation.link.ErasureFixture.NATIONAL;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.broker.tls.CertificateAuthority;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bus so's key holder for bus ke served over real TLS with a certificate of so's CA, asked as ke's inlet asks it; no
 * broker (the grants are recorded in memory).
 */
class CrossingKeyServerTest {

    private static final String PERSON = "SO-7Q2M-4XJD";

    @TempDir
    Path folder;

    private final SigningKey keExchange = SigningKey.generate(Components.EXCHANGE);
    private FederationSeal.KeyPair keSealing;
    private CertificateAuthority soCa;
    private SubjectKeyStore soKeys;
    private SubjectKeyId keyId;
    private URI address;
    private CrossingKeyServer server;

    @BeforeEach
    void soServesItsKeyHolderOverTls() throws Exception {
        keSealing = FederationSeal.keyPair(folder.resolve("ke-sealing.json"));
        soCa = CertificateAuthority.provision(folder.resolve("so-ca"), Clock.systemUTC());
        soKeys = new SubjectKeyStore(folder.resolve("so-keys"), Clock.systemUTC());
        keyId = SubjectCipher.of(soKeys, NATIONAL).keyIdFor("BorderReturnRecorded", PERSON, Instant.now());
        soKeys.keysetFor(keyId);
        soKeys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));
        address = URI.create("https://127.0.0.1:" + FreePorts.next());
        Path certificate = BrokerTls.issueKeyHolder(
                soCa, "127.0.0.1", folder.resolve(CrossingKeyServer.CERTIFICATE_FILE), Clock.systemUTC());
        server = CrossingKeyServer.start(
                address,
                new CrossingKeyHolder(
                        "so",
                        ErasureFixture.trustingKe(keExchange, keSealing.publicKey()),
                        soKeys,
                        Clock.systemUTC(),
                        answer -> CompletableFuture.completedFuture(null)),
                Optional.of(certificate));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keIsGrantedThePersonsKeyOverTlsTrustingSosCaAlone() {
        HttpSubjectKeys asking = keInlet(CaTrust.httpsContext(soCa.certificateFile()));

        assertThat(asking.find(keyId)).isPresent();
        assertThat(asking.held()).isEqualTo(1);
    }

    @Test
    void aKeyHolderWhoseCertificateAnotherCaIssuedIsRefusedBeforeAnyKey() {
        CertificateAuthority other = CertificateAuthority.provision(folder.resolve("other-ca"), Clock.systemUTC());
        HttpSubjectKeys asking = keInlet(CaTrust.httpsContext(other.certificateFile()));

        assertThatThrownBy(() -> asking.find(keyId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("the key holder at " + address
                        + " did not prove itself with a certificate of the CA trusted for it");
    }

    @Test
    void aCapturedRequestSentAgainGetsOnlyWhatKesFederationKeyOpens() throws Exception {
        SubjectKeyRequest request = SubjectKeyRequest.sign(
                keExchange,
                SubjectKeyRequest.Use.OPEN,
                keyId,
                Instant.now(),
                Optional.of(CrossingKeyHolder.audience("so")));
        HttpClient anyone = HttpClient.newBuilder()
                .sslContext(CaTrust.httpsContext(soCa.certificateFile()))
                .build();

        HttpResponse<String> replayed = anyone.send(
                HttpRequest.newBuilder(address.resolve(request.path()))
                        .header(SubjectKeyRequest.SIGNING_KEY_HEADER, request.signingKeyId())
                        .header(SubjectKeyRequest.TIME_HEADER, request.time().toString())
                        .header(SubjectKeyRequest.SIGNATURE_HEADER, request.signatureText())
                        .header(SubjectKeyRequest.AUDIENCE_HEADER, CrossingKeyHolder.audience("so"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(replayed.statusCode()).isEqualTo(200);
        assertThat(replayed.headers().firstValue("Cache-Control")).hasValue("no-store");
        String keyset = soKeys.findKeyset(keyId).orElseThrow();
        assertThat(replayed.body()).isNotEqualTo(keyset).doesNotContain("keyData");
        assertThat(CrossingKeyHolder.opening("ke", keSealing.opener()).keyset(keyId, replayed.body()))
                .isEqualTo(keyset);
    }

    @Test
    void anyOtherPathIsAnsweredWithOneLineSayingWhereToAsk() throws Exception {
        HttpClient anyone = HttpClient.newBuilder()
                .sslContext(CaTrust.httpsContext(soCa.certificateFile()))
                .build();

        HttpResponse<String> other = anyone.send(
                HttpRequest.newBuilder(address.resolve("/index.html")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(other.body())
                .isEqualTo("nothing here: ask at /subject-keys/<subjectRef>/<retention>/<yyyy-MM>?use=open\n");
    }

    private HttpSubjectKeys keInlet(javax.net.ssl.SSLContext trusting) {
        return new HttpSubjectKeys(
                address,
                () -> keExchange,
                HttpClient.newBuilder().sslContext(trusting).build(),
                Clock.systemUTC(),
                Duration.ofMinutes(1),
                Optional.of(CrossingKeyHolder.audience("so")),
                CrossingKeyHolder.opening("ke", keSealing.opener()));
    }
}
