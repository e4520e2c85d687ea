package org.ddrrbus.casework.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.problem.Problem;
import org.ddrrbus.problem.ProblemAnswers;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every refused request into a {@link Problem} (RFC 9457) with a one-line reason and, where one field is at fault,
 * its name. Nothing internal (stack traces, class names) ever reaches the caller.
 */
@RestControllerAdvice
public class ApiErrors extends ProblemAnswers {

    ApiErrors() {
        super("internal error; the event was not published");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> refused(ApiException e, HttpServletRequest request) {
        return Problem.of(e.status(), e.getMessage())
                .at(e.field())
                .about(e.eventId())
                .response(request.getRequestURI());
    }

    /** A query parameter Tomcat cannot decode (not UTF-8 once percent-decoded): the request's fault. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(InvalidParameterException e, HttpServletRequest request) {
        return Problem.of(HttpStatus.BAD_REQUEST, "a query parameter is not UTF-8 text once decoded")
                .response(request.getRequestURI());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body cut off at the limit is too large, not malformed, whatever the parser made of its end.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodies.TooLarge tooLarge) {
                return answer(request, Problem.of(HttpStatus.CONTENT_TOO_LARGE, tooLarge.getMessage()));
            }
        }
        // The outermost Jackson exception knows the path to the field; its cause (a DateTimeParseException, say) does
        // not.
        JacksonException json = null;
        for (Throwable cause = e; cause != null && json == null; cause = cause.getCause()) {
            json = cause instanceof JacksonException jackson ? jackson : null;
        }
        if (json != null) {
            String field = json.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            return answer(
                    request, Problem.of(HttpStatus.BAD_REQUEST, readable(json)).at(field));
        }
        return answer(request, Problem.of(HttpStatus.BAD_REQUEST, "the request body is missing or is not JSON"));
    }

    /** Jackson's messages name Java types and source locations; keep the part a caller can act on. */
    private static String readable(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            // Said plainly, because the usual unknown field is a name or a phone number meant to be stored.
            return "not accepted: people are recorded only as case codes";
        }
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
            return "appears twice in the body";
        }
        if (message.contains("not one of the values accepted for Enum class")) {
            int start = message.indexOf('[');
            int end = message.indexOf(']', start);
            return start >= 0 && end > start
                    ? "must be one of " + message.substring(start, end + 1)
                    : "not an accepted value";
        }
        if (message.startsWith("Unrecognized property") || message.contains("Unrecognized field")) {
            return "unknown field";
        }
        if (message.contains("Cannot deserialize value of type `java.time")) {
            return "must be a date as YYYY-MM-DD";
        }
        if (message.contains("Cannot deserialize value of type")) {
            return "has the wrong type";
        }
        if (message.contains("Unexpected")
                || message.contains("end-of-input")
                || message.contains("Unrecognized token")) {
            return "the request body is not valid JSON";
        }
        return "cannot be read";
    }

    private static String firstLine(String message) {
        return OneLine.first(message, 200);
    }
}
