package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.ddrrbus.client.tls.CaTrust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certs job of docker-compose.yml ({@code deploy/make-certs.sh}) run on scratch folders standing for its volumes:
 * the CA's private key lands only in its own, the public volume holds no private key, and a partner's web keystore
 * serves HTTPS that a client trusting only the CA certificate accepts.
 */
class CertsJobIT {

    private static final String PASS = "tls-secret-1";
    private static final String WEB_PASS = "web-secret-1";

    @TempDir
    Path root;

    @Test
    void theCaKeyStaysInItsVolumeAndEachPartnerGetsAnHttpsKeystore() throws Exception {
        assumeThat(onPath("keytool")).as("keytool on the PATH").isTrue();
        for (String dir : List.of("ca", "public", "brokers", "operator", "handover/iom", "handover/nctc")) {
            Files.createDirectories(root.resolve(dir));
        }
        ProcessBuilder job = new ProcessBuilder(
                        "bash",
                        Path.of("../deploy/make-certs.sh").toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("job.log").toFile());
        job.environment().put("CERTS_ROOT", root.toString());
        job.environment().put("KAFKA_SSL_PASSWORD", PASS);
        job.environment().put("WEB_TLS_PASSWORD", WEB_PASS);
        job.environment()
                .put(
                        "DDRR_JAR",
                        Path.of("target/ddrr-launcher-exec.jar")
                                .toAbsolutePath()
                                .toString());
        Process process = job.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("the certs job ends")
                .isTrue();
        assertThat(process.exitValue())
                .as(Files.readString(root.resolve("job.log")))
                .isZero();

        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(f -> f.getFileName().toString().equals("ca.p12")))
                    .containsExactly(root.resolve("ca/ca.p12"));
        }
        try (Stream<Path> files = Files.list(root.resolve("public"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "truststore.p12");
        }
        KeyStore truststore = load(root.resolve("public/truststore.p12"), PASS);
        assertThat(truststore.isKeyEntry("ca"))
                .as("the public truststore holds no private key")
                .isFalse();

        assertThat(httpsStatus(root.resolve("handover/iom/web.p12"), "iom")).isEqualTo(204);
        assertThat(httpsStatus(root.resolve("operator/web.p12"), "dashboard")).isEqualTo(204);

        // The exchange's key holder: issued by the bus's own code with the CA of the job, for the operator's name.
        Path keyHolder = root.resolve("operator/operator/key-holder.pem");
        assertThat(java.nio.file.Files.getPosixFilePermissions(keyHolder))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String pem = Files.readString(keyHolder);
        assertThat(pem).contains("PRIVATE KEY");
        java.util.regex.Matcher block = java.util.regex.Pattern.compile(
                        "-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----")
                .matcher(pem);
        assertThat(block.find()).as(pem).isTrue();
        java.security.cert.CertificateFactory x509 = java.security.cert.CertificateFactory.getInstance("X.509");
        java.security.cert.X509Certificate certificate = (java.security.cert.X509Certificate) x509.generateCertificate(
                new java.io.ByteArrayInputStream(block.group().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        java.security.cert.Certificate ca;
        try (InputStream in = Files.newInputStream(root.resolve("public/ca.crt"))) {
            ca = x509.generateCertificate(in);
        }
        certificate.verify(ca.getPublicKey());
        assertThat(certificate.getSubjectAlternativeNames())
                .extracting(name -> String.valueOf(name.get(1)))
                .contains("operator", "localhost");
    }

    /** Serves HTTPS from {@code keystore} and calls it from a client that trusts only the bus CA's certificate. */
    private int httpsStatus(Path keystore, String alias) throws Exception {
        KeyStore keys = load(keystore, WEB_PASS);
        assertThat(keys.isKeyEntry(alias)).isTrue();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, WEB_PASS.toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverTls));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            SSLContext clientTls = CaTrust.httpsContext(root.resolve("public/ca.crt"));
            HttpClient client = HttpClient.newBuilder().sslContext(clientTls).build();
            // The certificate names localhost besides the service: the client checks the name it called.
            return client.send(
                            HttpRequest.newBuilder(URI.create("https://localhost:"
                                            + server.getAddress().getPort() + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } finally {
            server.stop(0);
        }
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(file.toFile())) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
