package org.ddrrbus.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.launcher.system.Connection;
import org.ddrrbus.provisioning.Credentials;
import org.junit.jupiter.api.Test;

class BannerTest {

    @Test
    void kafkaLinesGiveThePartnersLoginsButNotTheAuditorsPassword() {
        Credentials credentials = Credentials.inMemory();
        Connection connection = new Connection(
                "127.0.0.1:9092", "SASL_PLAINTEXT", credentials, Optional.empty(), Path.of("data", "keys"));
        StringWriter text = new StringWriter();

        Banner.kafka(
                new PrintWriter(text, true),
                connection,
                Path.of("data"),
                Optional.of(Path.of("data/broker-reads.log")));

        assertThat(text.toString())
                .contains("iom / " + credentials.passwordFor("iom"))
                .doesNotContain(credentials.passwordFor("auditor"))
                .doesNotContain("auditor / ")
                .contains("./ddrr audit")
                .contains("data/broker-reads.log");
    }
}
