package org.ddrrbus.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.ddrrbus.casework.signin.SignInRefusals;
import org.ddrrbus.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security filters' refusals of API calls, in the same shape ({@link Problem}) as a controller's: a one-line
 * reason, and never a stack trace.
 */
@Component
class Problems {

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
            if (SignInRefusals.answeredLocked(e, request, response, json)) {
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

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        Problem.of(status, detail).write(response, json, request.getRequestURI());
    }
}
