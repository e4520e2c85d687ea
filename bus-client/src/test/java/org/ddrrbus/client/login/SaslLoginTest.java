package org.ddrrbus.client.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;

class SaslLoginTest {

    /** Kafka's own parser reads back exactly the user and password given, whatever they hold. */
    @Test
    void aPasswordWithQuotesAndBackslashesReadsBackUnchanged() {
        String password = "a\"b\\c d;e=f";

        String jaas = SaslLogin.scram("iom", password);

        AppConfigurationEntry entry = JaasContext.loadClientContext(
                        Map.of(SaslConfigs.SASL_JAAS_CONFIG, new Password(jaas)))
                .configurationEntries()
                .get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        Map<String, Object> options = Map.copyOf(entry.getOptions());
        assertThat(options).containsEntry("username", "iom").containsEntry("password", password);
    }

    @Test
    void plainIsUsedOnlyWhenAskedFor() {
        assertThat(SaslLogin.jaas(SaslLogin.PLAIN, "admin", "x"))
                .startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required");
        assertThat(SaslLogin.settings(SaslLogin.SCRAM, "nctc", "x"))
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsKey("sasl.jaas.config");
    }
}
