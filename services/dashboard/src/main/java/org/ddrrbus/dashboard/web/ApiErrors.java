package org.ddrrbus.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import org.ddrrbus.problem.Problem;
import org.ddrrbus.problem.ProblemAnswers;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns what a controller throws into the bus's one error shape ({@link Problem}) with one line saying why. A live-stream
 * client that went away is left unanswered by the base class: there is nobody left to answer.
 */
@RestControllerAdvice
class ApiErrors extends ProblemAnswers {

    ApiErrors() {
        super("the dashboard could not answer; see its log");
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<Object> notFound(NotFound e, HttpServletRequest request) {
        return Problem.of(HttpStatus.NOT_FOUND, e.getMessage()).response(request.getRequestURI());
    }

    @ExceptionHandler(BadRequest.class)
    ResponseEntity<Object> badRequest(BadRequest e, HttpServletRequest request) {
        return Problem.of(HttpStatus.BAD_REQUEST, e.getMessage()).response(request.getRequestURI());
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
