package org.ddrrbus.launcher.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.Workspace;
import org.junit.jupiter.api.Test;

class BannerTest {

    @Test
    void kafkaLinesPointToEachHomeAndGiveNoPassword() {
        StringWriter text = new StringWriter();

        Banner.kafka(
                new PrintWriter(text, true),
                new BusAddress("127.0.0.1:9092", "SASL_PLAINTEXT"),
                new Workspace(Path.of("data")),
                Optional.of(Path.of("data/broker-reads.log")));

        assertThat(text.toString())
                .contains("data/nodes/<agency>/client.properties")
                .doesNotContain("password")
                .doesNotContain(" / ")
                .contains("./ddrr audit")
                .contains("data/broker-reads.log");
    }
}
