package org.ddrrbus.casework.system;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ddrrbus.client.text.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every refused request into a JSON {@link ApiError} with a one-line reason and, where one field is at fault,
 * its name. Nothing internal (stack traces, class names) ever reaches the caller.
 */
@RestControllerAdvice
public class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> refused(ApiException e) {
        return ResponseEntity.status(e.status())
                .body(new ApiError(
                        e.status().value(),
                        e.status().getReasonPhrase(),
                        e.field(),
                        oneLine(e.getMessage()),
                        e.eventId()));
    }

    /** A constraint on a path variable of a {@code @Validated} controller, checked by its proxy. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> invalidParameter(ConstraintViolationException e) {
        Optional<ConstraintViolation<?>> first =
                e.getConstraintViolations().stream().findFirst();
        String field = first.map(violation -> {
                    String name = null;
                    for (Path.Node node : violation.getPropertyPath()) {
                        name = node.getName();
                    }
                    return name;
                })
                .orElse(null);
        return body(
                HttpStatus.BAD_REQUEST,
                field,
                first.map(ConstraintViolation::getMessage).orElse("invalid request"));
    }

    /** A query parameter Tomcat cannot decode (not UTF-8 once percent-decoded): the request's fault. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> undecodableParameter(InvalidParameterException e) {
        return body(HttpStatus.BAD_REQUEST, null, "a query parameter is not UTF-8 text once decoded");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Request failed", e);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, null, "internal error; the event was not published");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldError first =
                e.getBindingResult().getFieldErrors().stream().findFirst().orElse(null);
        if (first == null) {
            return body(
                    HttpStatus.BAD_REQUEST,
                    null,
                    e.getBindingResult().getAllErrors().stream()
                            .map(error -> error.getDefaultMessage())
                            .collect(Collectors.joining("; ")));
        }
        return body(HttpStatus.BAD_REQUEST, first.getField(), first.getDefaultMessage());
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var first = e.getParameterValidationResults().stream().findFirst();
        String field = first.map(r -> r.getMethodParameter().getParameterName()).orElse(null);
        String reason = first.flatMap(r -> r.getResolvableErrors().stream().findFirst())
                .map(error -> error.getDefaultMessage())
                .orElse("invalid request");
        return body(HttpStatus.BAD_REQUEST, field, reason);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body cut off at the limit is too large, not malformed, whatever the parser made of its end.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodies.TooLarge tooLarge) {
                return body(HttpStatus.CONTENT_TOO_LARGE, null, tooLarge.getMessage());
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
            return body(HttpStatus.BAD_REQUEST, field.isEmpty() ? null : field, readable(json));
        }
        return body(HttpStatus.BAD_REQUEST, null, "the request body is missing or is not JSON");
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String reason = e.getMessage() == null
                ? HttpStatus.valueOf(status.value()).getReasonPhrase()
                : firstLine(e.getMessage());
        return body(HttpStatus.valueOf(status.value()), null, reason);
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

    static ResponseEntity<Object> body(HttpStatus status, String field, String reason) {
        return ResponseEntity.status(status)
                .body(new ApiError(status.value(), status.getReasonPhrase(), field, oneLine(reason)));
    }

    /**
     * A reason as one line of at most 300 characters. Reasons quote what the caller sent (a referral id from the path,
     * say), which may hold line breaks or control characters: those are shown as '?'.
     */
    static String oneLine(String reason) {
        return reason == null ? null : OneLine.of(reason, 300);
    }
}
