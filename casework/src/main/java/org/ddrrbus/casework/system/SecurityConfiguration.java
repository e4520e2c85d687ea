package org.ddrrbus.casework.system;

import java.time.Clock;
import java.util.List;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.ddrrbus.casework.signin.SignInRefusals;
import org.ddrrbus.client.spring.BusProperties;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.problem.Problem;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request needs an agency login (HTTP Basic, so curl and the page work alike); reading needs any role, writing
 * at least caseworker. Finer rules (a supervisor moves phases) are checked where the action is.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/**")
                        .authenticated()
                        .anyRequest()
                        .hasAnyRole(StaffRole.CASEWORKER.name(), StaffRole.SUPERVISOR.name()))
                .httpBasic(basic -> basic.realmName(SignInRefusals.REALM)
                        .authenticationEntryPoint(SignInRefusals.entryPoint(json, "sign in with your agency account")))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> Problem.of(
                                HttpStatus.FORBIDDEN,
                                "role " + StaffPermissions.currentRole().name().toLowerCase() + " may only read")
                        .write(response, json, request.getRequestURI())))
                // Stateless HTTP Basic: no session cookie. A browser may still have cached the Basic credentials, so a
                // write must also be JSON by its Content-Type, which no other site can make a browser send unasked
                // (RequestBodies); that, not a CSRF token, is what stops a cross-site post.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * A request the firewall refuses (an encoded '/', '%', '.' or line break, a ';', a '..') is answered like any bad
     * request, with a JSON reason, instead of being sent on to the error page, which would ask a signed-in caseworker
     * to sign in.
     */
    @Bean
    RequestRejectedHandler requestRejected(JsonMapper json) {
        return (request, response, e) -> Problem.of(
                        HttpStatus.BAD_REQUEST,
                        "the request's path is not allowed: no encoded '/', '%', '.' or line break, no ';' and no '..'")
                .write(response, json, null);
    }

    /**
     * The agency's staff, each with a BCrypt hash made at start (the passwords themselves are not kept), behind the
     * lock of {@link GuardedSignIn}. A service without staff does not start: it would have nobody to serve, and
     * making up an account whose password then sits in a log is worse.
     */
    @Bean
    AuthenticationProvider staffSignIn(ServiceProperties properties, BusProperties bus) {
        List<ServiceProperties.User> users = properties.users();
        if (users.isEmpty()) {
            throw new StartRefused("no staff accounts are configured for " + bus.principal()
                    + ": set ddrr.service.users (e.g. DDRR_SERVICE_USERS_0_NAME, _PASSWORD and _ROLE)");
        }
        PasswordEncoder encoder = GuardedSignIn.passwordEncoder();
        List<UserDetails> details = users.stream()
                .map(user -> User.withUsername(user.name())
                        .password(encoder.encode(user.password()))
                        .roles(user.role().name())
                        .build())
                .toList();
        return new GuardedSignIn(
                new InMemoryUserDetailsManager(details), encoder, properties.signIn(), Clock.systemUTC());
    }
}
