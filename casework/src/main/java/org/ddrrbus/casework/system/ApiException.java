package org.ddrrbus.casework.system;

import org.springframework.http.HttpStatus;

/** A request the service refuses, with the status and the one-line reason the caller sees. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String field;
    private final String eventId;

    public ApiException(HttpStatus status, String reason) {
        this(status, null, reason);
    }

    public ApiException(HttpStatus status, String field, String reason) {
        this(status, field, reason, null);
    }

    public ApiException(HttpStatus status, String field, String reason, String eventId) {
        super(reason, null, false, false);
        this.status = status;
        this.field = field;
        this.eventId = eventId;
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
}
