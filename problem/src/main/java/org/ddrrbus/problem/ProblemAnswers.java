package org.ddrrbus.problem;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ddrrbus.client.text.OneLine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The part of every web service's error advice that is the same everywhere: Spring MVC's own refusals (a wrong
 * method, a missing parameter, a failed constraint) become a {@link Problem} with their headers kept, and anything
 * unexpected is logged here and answered 500 with the service's own sentence, never a stack trace. A service extends
 * it with a {@code @RestControllerAdvice} for the refusals that are its own.
 */
public abstract class ProblemAnswers extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAnswers.class);

    private final String failure;

    /** @param failure what the caller is told when the service fails unexpectedly, e.g. "see its log" */
    protected ProblemAnswers(String failure) {
        this.failure = failure;
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Request {} failed", request.getRequestURI(), e);
        return Problem.of(HttpStatus.INTERNAL_SERVER_ERROR, failure).response(request.getRequestURI());
    }

    /** A constraint on a path variable or parameter of a {@code @Validated} controller, checked by its proxy. */
    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> invalidParameter(ConstraintViolationException e, HttpServletRequest request) {
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
        return Problem.of(
                        HttpStatus.BAD_REQUEST,
                        first.map(ConstraintViolation::getMessage).orElse("invalid request"))
                .at(field)
                .response(request.getRequestURI());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Optional<FieldError> first =
                e.getBindingResult().getFieldErrors().stream().findFirst();
        if (first.isPresent()) {
            return answer(
                    request,
                    Problem.of(HttpStatus.BAD_REQUEST, first.get().getDefaultMessage())
                            .at(first.get().getField()));
        }
        return answer(
                request,
                Problem.of(
                        HttpStatus.BAD_REQUEST,
                        e.getBindingResult().getAllErrors().stream()
                                .map(error -> error.getDefaultMessage())
                                .collect(Collectors.joining("; "))));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var first = e.getParameterValidationResults().stream().findFirst();
        String field = first.map(r -> r.getMethodParameter().getParameterName()).orElse(null);
        String reason = first.flatMap(r -> r.getResolvableErrors().stream().findFirst())
                .map(error -> error.getDefaultMessage())
                .orElse("invalid request");
        return answer(request, Problem.of(HttpStatus.BAD_REQUEST, reason).at(field));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(request, Problem.of(HttpStatus.NOT_FOUND, "nothing at " + instance(request)));
    }

    /** Every other refusal Spring MVC makes itself; its headers (an {@code Allow}, say) are kept. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet
                && servlet.getResponse() != null
                && servlet.getResponse().isCommitted()) {
            return null; // The caller has been answered already (a stream that ended, say).
        }
        HttpStatus known =
                Optional.ofNullable(HttpStatus.resolve(status.value())).orElse(HttpStatus.INTERNAL_SERVER_ERROR);
        Problem problem = e.getMessage() != null
                ? Problem.of(known, OneLine.first(e.getMessage(), Problem.MAX_REASON))
                : body instanceof ProblemDetail detail ? Problem.from(detail) : Problem.of(known, null);
        return ResponseEntity.status(known)
                .headers(headers)
                .contentType(Problem.MEDIA_TYPE)
                .body(problem.body(instance(request)));
    }

    /** The answer to a request as the controller advice sees it. */
    protected static ResponseEntity<Object> answer(WebRequest request, Problem problem) {
        return problem.response(instance(request));
    }

    private static String instance(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getRequestURI()
                : null;
    }
}
