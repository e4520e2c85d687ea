package org.ddrrbus.casework.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Map;
import org.ddrrbus.casework.signin.SignInLocked;
import org.ddrrbus.casework.system.FormPosts;
import org.ddrrbus.casework.system.StaffDirectory;
import org.ddrrbus.casework.system.StaffRole;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the staff's pages, beside the API's HTTP Basic chain: a sign-in form and a session that ends after 30
 * idle minutes ({@code server.servlet.session.timeout}), a CSRF token on every form, sign-out. Only the pages' own
 * paths are matched here, so everything else (the API, anything added later) stays with the API's chain. A page asked
 * for without a session, or with one that has expired, goes to the sign-in form; a form sent without its token is
 * refused with 403, and one sent on an expired session goes to the sign-in form without being acted on.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    static final String SIGN_IN = "/login";
    static final String SIGN_OUT = "/logout";
    static final String FORMS = "/work/";
    static final String CASES = "/cases";

    private static final String[] PAGES = {"/", SIGN_IN, SIGN_OUT, CASES, CASES + "/**", FORMS + "**", "/assets/**"};

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 50)
    SecurityFilterChain pages(HttpSecurity http, StaffDirectory staff) throws Exception {
        http.securityMatcher(PAGES)
                .addFilterBefore(stillStaff(staff), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(SIGN_IN, "/assets/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, FORMS + "**")
                        .hasAnyRole(StaffRole.CASEWORKER.name(), StaffRole.SUPERVISOR.name())
                        // Staff only: the monitoring account signs in, but may read the metrics and nothing else.
                        .anyRequest()
                        .hasAnyRole(StaffRole.VIEWER.name(), StaffRole.CASEWORKER.name(), StaffRole.SUPERVISOR.name()))
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .defaultSuccessUrl("/", true)
                        .failureHandler(signInFailed())
                        .permitAll())
                .logout(logout -> logout.logoutUrl(SIGN_OUT).logoutSuccessUrl(SIGN_IN + "?signed-out"))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint((request, response, e) -> toSignIn(request, response))
                                .accessDeniedHandler(refused()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                                        + " object-src 'none'; base-uri 'none'; form-action 'self';"
                                        + " frame-ancestors 'none'"))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /** A person the operator disabled is signed out at their next request, whatever their session. */
    private static OncePerRequestFilter stillStaff(StaffDirectory staff) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
                if (signedIn != null
                        && signedIn.isAuthenticated()
                        && !(signedIn instanceof AnonymousAuthenticationToken)
                        && !staff.active(signedIn.getName())) {
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                    SecurityContextHolder.clearContext();
                    response.sendRedirect(SIGN_IN + "?error");
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The forms of the pages are form-encoded, guarded by the CSRF token above rather than a JSON content type. */
    @Bean
    FormPosts pageForms() {
        RequestMatcher forms = request -> {
            String path = request.getServletPath();
            return path.startsWith(FORMS) || path.equals(SIGN_IN) || path.equals(SIGN_OUT);
        };
        return forms::matches;
    }

    /** A wrong password back to the form; a locked account too, saying so, since its right password will not do. */
    private static ExceptionMappingAuthenticationFailureHandler signInFailed() {
        ExceptionMappingAuthenticationFailureHandler failed = new ExceptionMappingAuthenticationFailureHandler();
        failed.setDefaultFailureUrl(SIGN_IN + "?error");
        failed.setExceptionMappings(Map.of(SignInLocked.class.getName(), SIGN_IN + "?error=locked"));
        return failed;
    }

    /**
     * A form whose session has expired goes to the sign-in form, untouched; any other refusal (no CSRF token, a role
     * that may not act) is a 403 page.
     */
    private static AccessDeniedHandler refused() {
        return (request, response, e) -> {
            if (expired(request)) {
                toSignIn(request, response);
                return;
            }
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(REFUSED_PAGE);
        };
    }

    /**
     * Answered before the pages' language is known (the refusal comes from the security filters), hence in both
     * languages at once.
     */
    private static final String REFUSED_PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>403</title></head><body><main><h1>403</h1>"
            + "<p>This was refused: it was not sent from this service's own page (no valid form token), or your role"
            + " may not do it.</p>"
            + "<p lang=\"sw\">Hili limekataliwa: halikutumwa kutoka ukurasa wa huduma hii (hakuna tokeni halali ya"
            + " fomu), au jukumu lako haliruhusu.</p>"
            + "<p><a href=\"/\">Back to the work page</a> · <a href=\"/\" lang=\"sw\">Rudi kwenye ukurasa wa"
            + " kazi</a></p></main></body></html>";

    private static void toSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendRedirect(SIGN_IN + (expired(request) ? "?expired" : ""));
    }

    private static boolean expired(HttpServletRequest request) {
        return request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid();
    }
}
