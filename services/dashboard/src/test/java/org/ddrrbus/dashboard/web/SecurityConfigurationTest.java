package org.ddrrbus.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.ddrrbus.dashboard.system.DashboardRole;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;

class SecurityConfigurationTest {

    private final SecurityConfiguration configuration = new SecurityConfiguration();
    private final PasswordEncoder encoder = configuration.passwordEncoder();

    private static DashboardProperties with(List<DashboardProperties.User> users) {
        return new DashboardProperties(
                "ddrr-dashboard",
                5,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofMillis(100),
                1,
                Path.of("data/dashboard"),
                1,
                12,
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                null,
                users,
                null);
    }

    @Test
    void configuredUsersSignInWithTheirRoleAndPasswordsAreNotKeptInClear() {
        UserDetailsService users = configuration.dashboardUsers(
                with(List.of(
                        new DashboardProperties.User("alice", "alice-secret", DashboardRole.MANAGER),
                        new DashboardProperties.User("dk", "dk-secret", DashboardRole.DONOR))),
                encoder);

        UserDetails dk = users.loadUserByUsername("dk");
        assertThat(dk.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_DONOR");
        assertThat(dk.getPassword()).startsWith("{bcrypt}").doesNotContain("dk-secret");
        assertThat(encoder.matches("dk-secret", dk.getPassword())).isTrue();
        assertThat(users.loadUserByUsername("alice").getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_MANAGER");
    }

    @Test
    void alreadyEncodedPasswordIsTakenAsItIs() {
        String encoded = encoder.encode("from-a-vault");

        UserDetails user = configuration
                .dashboardUsers(
                        with(List.of(new DashboardProperties.User("bob", encoded, DashboardRole.DONOR))), encoder)
                .loadUserByUsername("bob");

        assertThat(encoder.matches("from-a-vault", user.getPassword())).isTrue();
    }

    @Test
    void withoutConfiguredUsersTheDashboardDoesNotStartRatherThanLogAMadeUpPassword() {
        assertThatThrownBy(() -> configuration.dashboardUsers(with(List.of()), encoder))
                .isInstanceOf(StartRefused.class)
                .hasMessageStartingWith("no dashboard users are configured");
    }

    @Test
    void aNameGivenTwiceIsRefused() {
        assertThatThrownBy(() -> configuration.dashboardUsers(
                        with(List.of(
                                new DashboardProperties.User("alice", "one-secret", DashboardRole.MANAGER),
                                new DashboardProperties.User("alice", "two-secret", DashboardRole.DONOR))),
                        encoder))
                .hasMessageContaining("alice");
    }
}
