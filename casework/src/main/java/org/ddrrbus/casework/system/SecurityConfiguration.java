package org.ddrrbus.casework.system;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.ddrrbus.casework.signin.SignInRefusals;
import org.ddrrbus.client.health.Probes;
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
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every request needs an agency login (HTTP Basic, so curl and the page work alike); reading needs any role of the
 * staff, writing at least caseworker. Finer rules (a supervisor moves phases) are checked where the action is. The
 * monitoring account ({@link ServiceProperties.Monitoring}) holds no role of the staff: it may read
 * {@code /actuator/prometheus} and is refused (403) everywhere else. Refusals are said in English, or in Kiswahili to
 * a caller whose {@code Accept-Language} asks for it ({@link Reason#in}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, JsonMapper json) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, Probes.PROMETHEUS)
                        .hasAnyRole(ServiceProperties.Monitoring.ROLE, VIEWER, CASEWORKER, SUPERVISOR)
                        .requestMatchers(HttpMethod.GET, "/**")
                        .hasAnyRole(VIEWER, CASEWORKER, SUPERVISOR)
                        .anyRequest()
                        .hasAnyRole(CASEWORKER, SUPERVISOR))
                .httpBasic(basic -> basic.realmName(SignInRefusals.REALM)
                        .authenticationEntryPoint(SignInRefusals.entryPoint(
                                json, request -> Reason.of("signIn").in(request.getLocale()))))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> Problem.of(
                                HttpStatus.FORBIDDEN, refusal().in(request.getLocale()))
                        .write(response, json, request.getRequestURI())))
                // Stateless HTTP Basic: no session cookie. A browser may still have cached the Basic credentials, so a
                // write must also be JSON by its Content-Type, which no other site can make a browser send unasked
                // (RequestBodies); that, not a CSRF token, is what stops a cross-site post.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    private static final String VIEWER = StaffRole.VIEWER.name();
    private static final String CASEWORKER = StaffRole.CASEWORKER.name();
    private static final String SUPERVISOR = StaffRole.SUPERVISOR.name();

    /** Why the signed-in account is refused: a viewer may only read, the monitoring account only the metrics. */
    private static Reason refusal() {
        if (StaffPermissions.isMonitoring()) {
            return Reason.of("monitoring.onlyMetrics", Probes.PROMETHEUS);
        }
        StaffRole role = StaffPermissions.currentRole();
        return Reason.of(
                "role.mayOnlyRead",
                Reason.word("role." + role.name(), role.name().toLowerCase()));
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
     * The agency's staff ({@link StaffDirectory}) behind the lock of {@link GuardedSignIn}. A service without staff
     * does not start: it would have nobody to serve, and making up an account whose password then sits in a log is
     * worse.
     */
    @Bean
    AuthenticationProvider staffSignIn(ServiceProperties properties, StaffDirectory staff) {
        return new GuardedSignIn(
                staff.accounts(), GuardedSignIn.passwordEncoder(), properties.signIn(), Clock.systemUTC());
    }

    /**
     * The accounts given at start, hashed now, the monitoring account, when there is one, and the people of the staff
     * file, when there is one.
     */
    @Bean
    StaffDirectory staffDirectory(ServiceProperties properties, BusProperties bus) {
        List<ServiceProperties.User> users = properties.users();
        if (users.isEmpty() && properties.staffFile() == null) {
            throw new StartRefused("no staff accounts are configured for " + bus.principal()
                    + ": set ddrr.service.users (e.g. DDRR_SERVICE_USERS_0_NAME, _PASSWORD and _ROLE)"
                    + " or ddrr.service.staff-file");
        }
        PasswordEncoder encoder = GuardedSignIn.passwordEncoder();
        Map<String, UserDetails> details = new LinkedHashMap<>();
        for (ServiceProperties.User user : users) {
            details.put(
                    user.name(),
                    User.withUsername(user.name())
                            .password(encoder.encode(user.password()))
                            .roles(user.role().name())
                            .build());
        }
        ServiceProperties.Monitoring monitoring = properties.monitoring();
        if (monitoring != null) {
            if (details.containsKey(monitoring.name())) {
                throw new StartRefused("the monitoring account '" + monitoring.name()
                        + "' has the name of a staff account: give it a name of its own");
            }
            details.put(
                    monitoring.name(),
                    User.withUsername(monitoring.name())
                            .password(encoder.encode(monitoring.password()))
                            .roles(ServiceProperties.Monitoring.ROLE)
                            .build());
        }
        return new StaffDirectory(details, Optional.ofNullable(properties.staffFile()));
    }
}
