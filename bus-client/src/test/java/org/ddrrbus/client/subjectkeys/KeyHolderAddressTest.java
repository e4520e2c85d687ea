package org.ddrrbus.client.subjectkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Test;

/** People's keys travel in the key holder's answers: over TLS, or in plain HTTP on loopback only. */
class KeyHolderAddressTest {

    @Test
    void plainHttpIsTakenOnLoopbackOnlyAndTlsAnywhere() {
        for (String address : List.of(
                "http://127.0.0.1:8079",
                "http://localhost:8079",
                "https://exchange.example:8443",
                "https://10.0.0.5")) {
            assertThat(HttpSubjectKeys.requireSecure(URI.create(address))).hasToString(address);
        }
        for (String address : List.of("http://exchange.example:8079", "http://10.0.0.5:8079", "ftp://127.0.0.1")) {
            assertThatThrownBy(() -> new HttpSubjectKeys(
                            URI.create(address),
                            () -> SigningKey.generate("iom"),
                            HttpClient.newHttpClient(),
                            Clock.systemUTC(),
                            Duration.ofMinutes(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the key holder's address " + address + " must be https: (plain http: only on"
                            + " loopback, 127.0.0.1 or localhost): people's keys travel in its answers");
        }
    }
}
