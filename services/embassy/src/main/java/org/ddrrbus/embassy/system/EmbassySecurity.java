package org.ddrrbus.embassy.system;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.ddrrbus.client.spring.BusProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import tools.jackson.databind.json.JsonMapper;

/** Embassy staff sign in (HTTP Basic) and may only read. */
@Configuration(proxyBeanMethods = false)
class EmbassySecurity {

    private static final Logger log = LoggerFactory.getLogger(EmbassySecurity.class);

    @Bean
    SecurityFilterChain figures(HttpSecurity http, JsonMapper json) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET, "/**")
                        .authenticated()
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> basic.realmName("ddrr-bus").authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"ddrr-bus\"");
                    response.setStatus(401);
                    response.setContentType("application/json");
                    json.writeValue(
                            response.getOutputStream(),
                            Map.of("status", 401, "reason", "sign in with your embassy account"));
                }))
                .exceptionHandling(errors -> errors.accessDeniedHandler((request, response, e) -> {
                    response.setStatus(403);
                    response.setContentType("application/json");
                    json.writeValue(
                            response.getOutputStream(),
                            Map.of("status", 403, "reason", "embassy accounts may only read figures"));
                }))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(6);
    }

    @Bean
    UserDetailsService embassyStaff(EmbassyProperties properties, PasswordEncoder encoder, BusProperties bus) {
        List<EmbassyProperties.User> users = properties.users();
        if (users.isEmpty()) {
            String password = UUID.randomUUID().toString();
            log.warn(
                    "No embassy staff configured (ddrr.embassy.users); created '{}' with password {}",
                    bus.principal(),
                    password);
            users = List.of(new EmbassyProperties.User(bus.principal(), password));
        }
        return new InMemoryUserDetailsManager(users.stream()
                .map(u -> User.withUsername(u.name())
                        .password(encoder.encode(u.password()))
                        .roles("DONOR")
                        .build())
                .toList());
    }
}
