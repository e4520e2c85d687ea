package org.ddrrbus.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ddrrbus.casework.signin.SignInLocked;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Errors as RFC 9457 problem details with a one-line reason, and never a stack trace: the same shape whether the
 * security filters refuse a request or a controller does.
 */
@Component
class Problems {

    static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    /**
     * 401 for an API call without a valid sign-in: JSON, and no {@code WWW-Authenticate} so browsers show no dialog;
     * 429 with {@code Retry-After} while the account is locked after too many wrong passwords.
     */
    AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            if (e instanceof SignInLocked locked) {
                response.setHeader("Retry-After", String.valueOf(locked.retryAfterSeconds()));
                write(request, response, HttpStatus.TOO_MANY_REQUESTS, locked.getMessage());
                return;
            }
            write(
                    request,
                    response,
                    HttpStatus.UNAUTHORIZED,
                    e instanceof BadCredentialsException ? "wrong name or password" : "sign in first");
        };
    }

    AccessDeniedHandler forbidden() {
        return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) ->
                write(request, response, HttpStatus.FORBIDDEN, "your role may not see " + request.getRequestURI());
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body(status, detail, request.getRequestURI())));
    }

    static Map<String, Object> body(HttpStatus status, String detail, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("instance", instance);
        return body;
    }
}
