package org.ddrrbus.casework.system;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.problem.Problem;
import org.ddrrbus.problem.ProblemAnswers;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every refused request into a {@link Problem} (RFC 9457) with a one-line reason and, where one field is at fault,
 * its name. Nothing internal (stack traces, class names) ever reaches the caller.
 *
 * <p>The reason is also handed, as a key of the message bundles with its arguments, to a staff page that sent a form on
 * to the API: the page puts a holder on the request (attribute {@link #REASON}, an {@link AtomicReference}) before it
 * sends the form on, and says the reason in the person's language, while the API's caller gets its English line. A
 * holder, because Spring's dispatcher removes what an included request adds to the attributes.
 */
@RestControllerAdvice
public class ApiErrors extends ProblemAnswers {

    /** The request attribute of the holder a page fills with the refusal's {@link MessageSourceResolvable}. */
    public static final String REASON = ApiErrors.class.getName() + ".reason";

    ApiErrors() {
        super("internal error; the event was not published");
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> refused(ApiException e, HttpServletRequest request) {
        if (e.reason() != null) {
            explain(request.getAttribute(REASON), e.reason());
        }
        // In English, or in Kiswahili when the caller's Accept-Language asks for it; a refusal without a Reason is
        // about a request no page sends, and is said as it is.
        return Problem.of(
                        e.status(),
                        e.reason() == null ? e.getMessage() : e.reason().in(request.getLocale()))
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

    /** A field of the body that fails its constraint: the page looks its words up by the constraint and the field. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        e.getBindingResult().getFieldErrors().stream()
                .findFirst()
                .ifPresent(error -> explain(request, constraint(error)));
        return super.handleMethodArgumentNotValid(e, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream())
                .findFirst()
                .ifPresent(error -> explain(request, constraint(error)));
        return super.handleHandlerMethodValidationException(e, headers, status, request);
    }

    /**
     * A constraint's refusal under {@code problem.}: {@code problem.Pattern.subjectRef}, then {@code problem.Pattern},
     * and so on, as Spring names a field error's codes; the API's own words when no key has it.
     */
    static MessageSourceResolvable constraint(MessageSourceResolvable error) {
        String[] codes = error.getCodes() == null ? new String[0] : error.getCodes();
        return new DefaultMessageSourceResolvable(
                Arrays.stream(codes).map(code -> Reason.PREFIX + code).toArray(String[]::new),
                error.getArguments(),
                error.getDefaultMessage());
    }

    private static void explain(WebRequest request, MessageSourceResolvable reason) {
        explain(request.getAttribute(REASON, RequestAttributes.SCOPE_REQUEST), reason);
    }

    @SuppressWarnings("unchecked")
    private static void explain(Object holder, MessageSourceResolvable reason) {
        if (holder instanceof AtomicReference<?> page) {
            ((AtomicReference<MessageSourceResolvable>) page).set(reason);
        }
    }

    /**
     * Spring MVC's own refusals of a request's form (a method, an {@code Accept} or a {@code Content-Type} the address
     * does not take) under {@code problem.http.<status>}: a page says them in the person's language, and a caller who
     * asks for Kiswahili gets them in Kiswahili; the API's English caller keeps Spring's exact line.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer == null || !FRAMEWORK_REFUSALS.contains(status.value())) {
            return answer;
        }
        Reason reason = Reason.of("http." + status.value())
                .saying(firstLine(e.getMessage() == null ? String.valueOf(status.value()) : e.getMessage()));
        explain(request, reason);
        String instance = request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : null;
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .body(Problem.of(HttpStatus.valueOf(status.value()), reason.in(request.getLocale()))
                        .body(instance));
    }

    /** The statuses of {@link #handleExceptionInternal} the bundles word: 405, 406 and 415. */
    private static final java.util.Set<Integer> FRAMEWORK_REFUSALS = java.util.Set.of(
            HttpStatus.METHOD_NOT_ALLOWED.value(),
            HttpStatus.NOT_ACCEPTABLE.value(),
            HttpStatus.UNSUPPORTED_MEDIA_TYPE.value());

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body cut off at the limit is too large, not malformed, whatever the parser made of its end.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodies.TooLarge tooLarge) {
                explain(request, tooLarge.reason());
                return answer(
                        request,
                        Problem.of(
                                HttpStatus.CONTENT_TOO_LARGE, tooLarge.reason().in(request.getLocale())));
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
            String twice = twice(json);
            if (twice != null && !field.equals(twice) && !field.endsWith("." + twice)) {
                // The parser stops at the second occurrence, before the path reaches it: name it from the message.
                field = field.isEmpty() ? twice : field + "." + twice;
            }
            Reason reason = readable(json);
            explain(request, reason);
            return answer(
                    request,
                    Problem.of(HttpStatus.BAD_REQUEST, reason.in(request.getLocale()))
                            .at(field));
        }
        Reason reason = Reason.of("json.missing");
        explain(request, reason);
        return answer(request, Problem.of(HttpStatus.BAD_REQUEST, reason.in(request.getLocale())));
    }

    /** Jackson's messages name Java types and source locations; keep the part a caller can act on. */
    private static Reason readable(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            // Said plainly, because the usual unknown field is a name or a phone number meant to be stored.
            return Reason.of("json.unknownField");
        }
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
            return Reason.of("json.twice");
        }
        if (e instanceof InvalidFormatException wrong
                && wrong.getTargetType() != null
                && wrong.getTargetType().isEnum()) {
            // Listed from the enum, not from Jackson's message: that names the Java class and, for a long list, is
            // cut off before its end; and it would list values kept only to read old events.
            return Reason.of("json.oneOf", ClosedLists.listed(wrong.getTargetType()));
        }
        if (message.startsWith("Unrecognized property") || message.contains("Unrecognized field")) {
            return Reason.of("json.unknown");
        }
        if (message.contains("Cannot deserialize value of type `java.time")) {
            return Reason.of("json.date");
        }
        if (message.contains("Cannot deserialize value of type")) {
            return Reason.of("json.type");
        }
        if (message.contains("Unexpected")
                || message.contains("end-of-input")
                || message.contains("Unrecognized token")) {
            return Reason.of("json.invalid");
        }
        return Reason.of("json.unreadable");
    }

    /** The property a body gives twice, from the parser's message ({@code Duplicate Object property "x"}). */
    private static String twice(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (!message.startsWith("Duplicate Object property") && !message.startsWith("Duplicate field")) {
            return null;
        }
        int start = message.indexOf('"');
        int end = message.indexOf('"', start + 1);
        return start >= 0 && end > start ? message.substring(start + 1, end) : null;
    }

    private static String firstLine(String message) {
        return OneLine.first(message, 200);
    }
}
