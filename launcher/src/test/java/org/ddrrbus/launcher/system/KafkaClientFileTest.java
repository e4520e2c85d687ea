package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.ddrrbus.client.home.HomeLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientFileTest {

    @TempDir
    Path home;

    /** Kafka's console consumer, and the bus's own tools, read back the very password the file was written with. */
    @Test
    void aPasswordWithQuotesAndBackslashesSurvivesTheFile() throws IOException {
        String password = "p\"a\\ss w=o;rd";
        Path file = home.resolve(HomeLayout.CLIENT_PROPERTIES);

        new KafkaClientFile("iom", password, "127.0.0.1:9092", "SASL_PLAINTEXT", Optional.empty()).write(file);

        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        }
        AppConfigurationEntry login = JaasContext.loadClientContext(Map.of(
                        SaslConfigs.SASL_JAAS_CONFIG, new Password(props.getProperty(SaslConfigs.SASL_JAAS_CONFIG))))
                .configurationEntries()
                .get(0);
        Map<String, Object> options = Map.copyOf(login.getOptions());
        assertThat(options).containsEntry("username", "iom").containsEntry("password", password);
        assertThat(props.getProperty(SaslConfigs.SASL_MECHANISM)).isEqualTo("SCRAM-SHA-512");
        assertThat(HomeLayout.password(home)).contains(password);
    }
}
