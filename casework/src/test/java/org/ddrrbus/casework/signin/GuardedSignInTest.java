package org.ddrrbus.casework.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

class GuardedSignInTest {

    private static final PasswordEncoder ENCODER = GuardedSignIn.passwordEncoder();
    private static final String HASH = ENCODER.encode("right-password");

    private final SignInGuardTest.MovingClock clock = new SignInGuardTest.MovingClock();
    private final GuardedSignIn signIn = new GuardedSignIn(
            new InMemoryUserDetailsManager(User.withUsername("nctc-caseworker")
                    .password(HASH)
                    .roles("CASEWORKER")
                    .build()),
            ENCODER,
            new SignInPolicy(3, Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(5)),
            clock);

    @Test
    void passwordsAreHashedAtCostTenAtLeast() {
        assertThat(HASH).startsWith("$2a$10$");
    }

    @Test
    void rightPasswordSignsIn() {
        Authentication result = signIn.authenticate(attempt("right-password"));

        assertThat(result.isAuthenticated()).isTrue();
        assertThat(result.getName()).isEqualTo("nctc-caseworker");
        assertThat(result.getAuthorities()).extracting(Object::toString).containsExactly("ROLE_CASEWORKER");
        assertThat(result.getCredentials()).isNull();
    }

    @Test
    void lockedAccountRefusesEvenTheRightPasswordUntilTheLockEnds() {
        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-1"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-2"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-3")))
                .isInstanceOfSatisfying(
                        SignInLocked.class,
                        locked -> assertThat(locked.retryAfterSeconds()).isEqualTo(60));

        assertThatThrownBy(() -> signIn.authenticate(attempt("right-password")))
                .isInstanceOf(SignInLocked.class)
                .hasMessage("too many wrong passwords for this account: it is locked for 60 more seconds");

        clock.advance(Duration.ofMinutes(1));
        assertThat(signIn.authenticate(attempt("right-password")).isAuthenticated())
                .isTrue();
    }

    @Test
    void recentlyCheckedPasswordIsAcceptedAgainButAGuessStillCounts() {
        signIn.authenticate(attempt("right-password"));
        assertThat(signIn.authenticate(attempt("right-password")).isAuthenticated())
                .isTrue();

        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-1"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-2"))).isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> signIn.authenticate(attempt("guess-3"))).isInstanceOf(SignInLocked.class);
        // Remembered or not, a locked account is locked.
        assertThatThrownBy(() -> signIn.authenticate(attempt("right-password"))).isInstanceOf(SignInLocked.class);
    }

    @Test
    void unknownNamesAreCountedLikeAccounts() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> signIn.authenticate(new UsernamePasswordAuthenticationToken("nobody", "x")))
                    .isInstanceOf(BadCredentialsException.class);
        }
        assertThatThrownBy(() -> signIn.authenticate(new UsernamePasswordAuthenticationToken("nobody", "x")))
                .isInstanceOf(SignInLocked.class);
    }

    private static Authentication attempt(String password) {
        return new UsernamePasswordAuthenticationToken("nctc-caseworker", password);
    }
}
