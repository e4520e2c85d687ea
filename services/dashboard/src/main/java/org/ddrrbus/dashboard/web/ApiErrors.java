package org.ddrrbus.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns what a controller throws into a problem detail with one line saying why; unexpected failures are logged here. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Map<String, Object>> notFound(NotFound e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noResource(NoResourceFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "nothing at " + request.getRequestURI(), request);
    }

    @ExceptionHandler({
        BadRequest.class,
        MissingServletRequestParameterException.class,
        MethodArgumentTypeMismatchException.class,
        ConstraintViolationException.class
    })
    ResponseEntity<Map<String, Object>> badRequest(Exception e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, firstLine(e.getMessage()), request);
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Map<String, Object>> invalid(HandlerMethodValidationException e, HttpServletRequest request) {
        String reason = e.getAllErrors().stream()
                .findFirst()
                .map(err -> err.getDefaultMessage())
                .orElse("invalid request");
        return problem(HttpStatus.BAD_REQUEST, reason, request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return problem(HttpStatus.METHOD_NOT_ALLOWED, e.getMethod() + " is not supported here", request);
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Map<String, Object>> notAcceptable(
            HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_ACCEPTABLE, "this resource is JSON", request);
    }

    /** A live-stream client went away; there is nobody left to answer. */
    @ExceptionHandler(AsyncRequestNotUsableException.class)
    void gone() {}

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> failed(Exception e, HttpServletRequest request) {
        log.error("Request {} failed", request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "the dashboard could not answer; see its log", request);
    }

    private static ResponseEntity<Map<String, Object>> problem(
            HttpStatus status, String detail, HttpServletRequest request) {
        return ResponseEntity.status(status)
                .contentType(Problems.PROBLEM_JSON)
                .body(Problems.body(status, detail, request.getRequestURI()));
    }

    private static String firstLine(String message) {
        return message == null ? "bad request" : message.lines().findFirst().orElse("bad request");
    }

    /** Nothing has this name. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    /** The request itself is wrong. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
