package org.ddrrbus.casework.health;

import org.ddrrbus.client.health.Probes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The health probes answer without a password, ahead of a service's own security, so that a container runtime or a
 * load balancer can ask. Signing in (HTTP Basic) still works here, and only then does Actuator add the details
 * (management.endpoint.health.show-details=when-authorized). Every other Actuator endpoint, the Prometheus one
 * included, stays behind the service's own sign-in.
 */
@Configuration(proxyBeanMethods = false)
public class ProbeAccess {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain probes(HttpSecurity http) throws Exception {
        http.securityMatcher(Probes.HEALTH, Probes.HEALTH + "/**")
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.GET)
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .httpBasic(basic -> {})
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }
}
