package org.ddrrbus.dashboard.web;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.ddrrbus.casework.signin.SignInLocked;
import org.ddrrbus.casework.signin.SignInPolicy;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.ddrrbus.dashboard.system.DashboardRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may see what. Everything needs a sign-in; the operations panel and its API are for programme managers only,
 * because donors see aggregate figures and nothing else. The page signs in with a form; scripts may use HTTP Basic on
 * the API. API refusals are JSON problem details; a browser asking for a page is sent to the sign-in form instead.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Pattern ENCODED = Pattern.compile("\\{[A-Za-z0-9_-]+}.+");

    @Bean
    SecurityFilterChain dashboardSecurity(HttpSecurity http, Problems problems) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http.authorizeHttpRequests(requests -> requests
                        // The live stream is answered on an async dispatch of a request already authorised.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/login", "/assets/**", "/favicon.ico")
                        .permitAll()
                        .requestMatchers("/api/operations", "/api/operations/**")
                        .hasRole(DashboardRole.MANAGER.name())
                        .anyRequest()
                        .authenticated())
                .formLogin(form -> form.loginPage("/login")
                        .defaultSuccessUrl("/", true)
                        .failureHandler(signInFailed())
                        .permitAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(problems.unauthorized()))
                .logout(logout -> logout.logoutSuccessUrl("/login?signed-out"))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(problems.unauthorized(), api)
                        // Anything else is a page: whatever the client accepts, it is sent to the sign-in form.
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE)
                        .defaultAccessDeniedHandlerFor(problems.forbidden(), api))
                .headers(headers -> headers.contentSecurityPolicy(
                                csp -> csp.policyDirectives(
                                        "default-src 'self'; script-src 'self'; "
                                                // ECharts styles its tooltips inline.
                                                + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
                                                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /** BCrypt at the bus's cost for passwords given in clear; one given already encoded keeps its own scheme. */
    @Bean
    PasswordEncoder passwordEncoder() {
        DelegatingPasswordEncoder encoder =
                new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", GuardedSignIn.passwordEncoder()));
        encoder.setDefaultPasswordEncoderForMatches(PasswordEncoderFactories.createDelegatingPasswordEncoder());
        return encoder;
    }

    /** A wrong password back to the form; a locked account too, saying so, since its right password will not do. */
    private static AuthenticationFailureHandler signInFailed() {
        ExceptionMappingAuthenticationFailureHandler failed = new ExceptionMappingAuthenticationFailureHandler();
        failed.setDefaultFailureUrl("/login?error");
        failed.setExceptionMappings(Map.of(SignInLocked.class.getName(), "/login?error=locked"));
        return failed;
    }

    /**
     * Staff sign-in behind the same lock as every service's ({@link GuardedSignIn}): guessing a password one request
     * at a time, by HTTP Basic or by the form, locks the account, and a locked account is refused even its right
     * password until the lock ends.
     */
    @Bean
    AuthenticationProvider dashboardSignIn(DashboardProperties properties, PasswordEncoder encoder) {
        return new GuardedSignIn(dashboardUsers(properties, encoder), encoder, SignInPolicy.DEFAULT, Clock.systemUTC());
    }

    /** Not a bean: the users are reached only through {@link #dashboardSignIn}, never by an unguarded provider. */
    UserDetailsService dashboardUsers(DashboardProperties properties, PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (DashboardProperties.User user : properties.users()) {
            if (!names.add(user.name())) {
                throw new IllegalStateException("ddrr.dashboard.users names " + user.name() + " more than once");
            }
            String password =
                    ENCODED.matcher(user.password()).matches() ? user.password() : encoder.encode(user.password());
            users.add(User.withUsername(user.name())
                    .password(password)
                    .roles(user.role().name())
                    .build());
        }
        if (users.isEmpty()) {
            // No made-up account: its password would have to be shown somewhere, and a log is no place for it.
            throw new StartRefused("no dashboard users are configured: set ddrr.dashboard.users (e.g."
                    + " DDRR_DASHBOARD_USERS_0_NAME, _PASSWORD and _ROLE)");
        }
        return new InMemoryUserDetailsManager(users);
    }
}
