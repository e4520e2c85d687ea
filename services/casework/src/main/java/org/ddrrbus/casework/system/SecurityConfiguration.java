package org.ddrrbus.casework.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.ddrrbus.client.spring.BusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
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

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/**")
                        .authenticated()
                        .anyRequest()
                        .hasAnyRole(StaffRole.CASEWORKER.name(), StaffRole.SUPERVISOR.name()))
                .httpBasic(basic -> basic.realmName("ddrr-bus").authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"ddrr-bus\"");
                    write(response, json, HttpStatus.UNAUTHORIZED, "sign in with your agency account");
                }))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> write(
                        response,
                        json,
                        HttpStatus.FORBIDDEN,
                        "role " + StaffPermissions.currentRole().name().toLowerCase() + " may only read")))
                // Stateless HTTP Basic: no session cookie, hence nothing for a cross-site request to ride on.
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
        return (request, response, e) -> write(
                response,
                json,
                HttpStatus.BAD_REQUEST,
                "the request's path is not allowed: no encoded '/', '%', '.' or line break, no ';' and no '..'");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        // Hashes live only in this process's memory, and HTTP Basic checks the password on every request: a low cost
        // factor keeps a busy caseworker's page responsive on a small machine.
        return new BCryptPasswordEncoder(6);
    }

    @Bean
    UserDetailsService staff(ServiceProperties properties, PasswordEncoder encoder, BusProperties bus) {
        List<ServiceProperties.User> users = properties.users();
        if (users.isEmpty()) {
            String password = java.util.UUID.randomUUID().toString();
            log.warn(
                    "No staff configured (ddrr.service.users); created supervisor '{}' with password {}",
                    bus.principal() + "-supervisor",
                    password);
            users = List.of(
                    new ServiceProperties.User(bus.principal() + "-supervisor", password, StaffRole.SUPERVISOR));
        }
        List<UserDetails> details = users.stream()
                .map(user -> User.withUsername(user.name())
                        .password(encoder.encode(user.password()))
                        .roles(user.role().name())
                        .build())
                .toList();
        return new InMemoryUserDetailsManager(details);
    }

    private static void write(HttpServletResponse response, JsonMapper json, HttpStatus status, String reason)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType("application/json");
        json.writeValue(
                response.getOutputStream(), new ApiError(status.value(), status.getReasonPhrase(), null, reason));
    }
}
