package org.ddrrbus.casework.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;
import org.ddrrbus.problem.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a service that signs staff in with HTTP Basic answers one who is not signed in: 401 with the realm, so curl and
 * browsers know to send credentials, or 429 with {@code Retry-After} while {@link GuardedSignIn} holds the account
 * locked. Shared by the partner services and the embassy service, which sign in the same way.
 */
public final class SignInRefusals {

    public static final String REALM = "ddrr-bus";

    private SignInRefusals() {}

    /** The entry point; {@code signIn} says whose account to sign in with. */
    public static AuthenticationEntryPoint entryPoint(JsonMapper json, String signIn) {
        return entryPoint(json, request -> signIn);
    }

    /** The entry point; {@code signIn} says whose account to sign in with, in the language the request asks for. */
    public static AuthenticationEntryPoint entryPoint(JsonMapper json, Function<HttpServletRequest, String> signIn) {
        return (request, response, e) -> {
            if (answeredLocked(e, request, response, json)) {
                return;
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            Problem.of(HttpStatus.UNAUTHORIZED, signIn.apply(request)).write(response, json, request.getRequestURI());
        };
    }

    /**
     * Answers 429 with {@code Retry-After} when the sign-in failed because {@link GuardedSignIn} holds the account
     * locked, and says whether it did; any other failure is left to the caller's own answer.
     */
    public static boolean answeredLocked(
            AuthenticationException failure, HttpServletRequest request, HttpServletResponse response, JsonMapper json)
            throws IOException {
        if (!(failure instanceof SignInLocked locked)) {
            return false;
        }
        response.setHeader("Retry-After", String.valueOf(locked.retryAfterSeconds()));
        Problem.of(HttpStatus.TOO_MANY_REQUESTS, locked.getMessage()).write(response, json, request.getRequestURI());
        return true;
    }
}
