package org.ddrrbus.client.start;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.annotation.Configuration;

class ExampleSecretsTest {

    @Test
    void everyValueOfTheExampleEnvironmentFileIsAPlaceholderThatIsRefused() throws Exception {
        Properties example = new Properties();
        try (var in = Files.newBufferedReader(Path.of("../deploy/example.env"))) {
            example.load(in);
        }
        long placeholders = example.stringPropertyNames().stream()
                .filter(name -> ExampleSecrets.placeholder(Map.of(name, example.getProperty(name)))
                        .isPresent())
                .count();

        // Every password of the file: only the cluster id is not a secret.
        assertThat(placeholders).isEqualTo(example.size() - 1);
        assertThatThrownBy(() -> ExampleSecrets.refuseIn(Map.of(
                        "KAFKA_CLUSTER_ID", "ZGRyci1idXMtY2x1c3Rlcg", "NCTC_SUPERVISOR_PASSWORD", "change-me-nctc")))
                .isInstanceOf(StartRefused.class)
                .hasMessage("NCTC_SUPERVISOR_PASSWORD still holds the example value from deploy/example.env"
                        + " ('change-me-...'): set a secret of your own before starting");
    }

    @Test
    void secretsOfOnesOwnPass() {
        ExampleSecrets.refuseIn(Map.of("KAFKA_ADMIN_PASSWORD", "t9X-kq2PzL", "NOTE", "please change me"));
    }

    @Test
    void springComponentWithAPlaceholderInAnySettingDoesNotStart() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);

        assertThatThrownBy(() -> application.run("--ddrr.service.users[0].password=Change-Me-nctc"))
                .isInstanceOf(StartRefused.class)
                .hasMessageStartingWith("ddrr.service.users[0].password still holds the example value");
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
