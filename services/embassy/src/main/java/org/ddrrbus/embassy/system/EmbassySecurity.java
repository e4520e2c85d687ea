package org.ddrrbus.embassy.system;

import java.time.Clock;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.ddrrbus.casework.signin.SignInPolicy;
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
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/** Embassy staff sign in (HTTP Basic) and may only read. */
@Configuration(proxyBeanMethods = false)
class EmbassySecurity {

    @Bean
    SecurityFilterChain figures(HttpSecurity http, JsonMapper json) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.realmName(SignInRefusals.REALM)
                        .authenticationEntryPoint(SignInRefusals.entryPoint(json, "sign in with your embassy account")))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> Problem.of(
                                HttpStatus.FORBIDDEN, "embassy accounts may only read figures")
                        .write(response, json, request.getRequestURI())))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /** The embassy's staff behind the same lock as every service's; no staff, no start (nor a password in a log). */
    @Bean
    AuthenticationProvider embassyStaff(EmbassyProperties properties, BusProperties bus) {
        if (properties.users().isEmpty()) {
            throw new StartRefused("no embassy staff are configured for " + bus.principal()
                    + ": set ddrr.embassy.users (e.g. DDRR_EMBASSY_USERS_0_NAME and _PASSWORD)");
        }
        PasswordEncoder encoder = GuardedSignIn.passwordEncoder();
        return new GuardedSignIn(
                new InMemoryUserDetailsManager(properties.users().stream()
                        .map(u -> User.withUsername(u.name())
                                .password(encoder.encode(u.password()))
                                .roles("DONOR")
                                .build())
                        .toList()),
                encoder,
                SignInPolicy.DEFAULT,
                Clock.systemUTC());
    }
}
