package org.ddrrbus.casework.system;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error response: the status, the field at fault when there is one, and a one-line reason. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(int status, String error, String field, String reason, String eventId) {

    public ApiError(int status, String error, String field, String reason) {
        this(status, error, field, reason, null);
    }
}
