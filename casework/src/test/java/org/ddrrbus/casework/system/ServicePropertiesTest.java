package org.ddrrbus.casework.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.ddrrbus.casework.signin.SignInPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** The settings of a partner service, as docs/operations.md names them in the environment. */
class ServicePropertiesTest {

    @Test
    void withNothingSetTheBodyLimitIs16KbAndTheSignInPolicyIsTheBussDefault() {
        ServiceProperties properties = bind(Map.of());

        assertThat(properties.maxRequestBody()).isEqualTo(DataSize.ofKilobytes(16));
        assertThat(properties.signIn()).isEqualTo(SignInPolicy.DEFAULT);
    }

    @Test
    void environmentSetsTheLimitAndEachPartOfTheSignInPolicy() {
        ServiceProperties properties = bind(Map.of(
                "DDRR_SERVICE_MAXREQUESTBODY", "8KB",
                "DDRR_SERVICE_SIGNIN_MAXFAILURES", "3",
                "DDRR_SERVICE_SIGNIN_LOCKOUT", "30s"));

        assertThat(properties.maxRequestBody()).isEqualTo(DataSize.ofKilobytes(8));
        assertThat(properties.signIn())
                .isEqualTo(new SignInPolicy(3, Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5)));
    }

    private static ServiceProperties bind(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", env));
        return new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("ddrr.service", ServiceProperties.class);
    }
}
