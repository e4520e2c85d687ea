package org.ddrrbus.casework.system;

import org.springframework.http.HttpStatus;

/**
 * A request the service refuses, with the status and the one-line reason the caller sees. A refusal with a
 * {@link Reason} is said in English by the API and in the chosen language by the staff's pages; one with only text
 * (about a request no page sends) is said as it is.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final String eventId;
    private final transient Reason reason;

    public ApiException(HttpStatus status, String reason) {
        this(status, null, reason);
    }

    public ApiException(HttpStatus status, String field, String reason) {
        this(status, field, reason, null);
    }

    public ApiException(HttpStatus status, String field, String reason, String eventId) {
        this(status, field, reason, eventId, null);
    }

    public ApiException(HttpStatus status, String field, Reason reason) {
        this(status, field, reason, null);
    }

    public ApiException(HttpStatus status, String field, Reason reason, String eventId) {
        this(status, field, reason.english(), eventId, reason);
    }

    private ApiException(HttpStatus status, String field, String text, String eventId, Reason reason) {
        super(text, null, false, false);
        this.status = status;
        this.field = field;
        this.eventId = eventId;
        this.reason = reason;
    }

    public static ApiException notFound(Reason reason) {
        return new ApiException(HttpStatus.NOT_FOUND, null, reason);
    }

    public static ApiException forbidden(Reason reason) {
        return new ApiException(HttpStatus.FORBIDDEN, null, reason);
    }

    public static ApiException badRequest(String field, Reason reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, reason);
    }

    public static ApiException notFound(String reason) {
        return new ApiException(HttpStatus.NOT_FOUND, reason);
    }

    public static ApiException forbidden(String reason) {
        return new ApiException(HttpStatus.FORBIDDEN, reason);
    }

    public static ApiException badRequest(String field, String reason) {
        return new ApiException(HttpStatus.BAD_REQUEST, field, reason);
    }

    public HttpStatus status() {
        return status;
    }

    public String field() {
        return field;
    }

    public String eventId() {
        return eventId;
    }

    /** The reason as a key of the bundles, for the pages; null where the refusal has only text. */
    public Reason reason() {
        return reason;
    }
}
