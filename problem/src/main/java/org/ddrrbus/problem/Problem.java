package org.ddrrbus.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ddrrbus.client.text.OneLine;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refusal as every web service of the bus sends it, whoever refuses (a controller, a security filter, Tomcat): an RFC
 * 9457 problem detail, {@code application/problem+json}, whose {@code detail} is one readable line. It also carries
 * that line as {@code reason}, the field at fault as {@code field} and the refused event's id as {@code eventId}, the
 * members callers of the bus have always read, so scripts need no change.
 *
 * @param status the HTTP status
 * @param reason why, in one line; quoted input with line breaks or control characters shows them as '?'
 * @param field the request field at fault, where one is
 * @param eventId the id of the event the refusal is about, where one was published
 */
public record Problem(HttpStatus status, String reason, Optional<String> field, Optional<String> eventId) {

    /** Longest reason sent: enough for a sentence that quotes what it refuses, never a dump of it. */
    static final int MAX_REASON = 300;

    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    public static final String REASON = "reason";
    public static final String FIELD = "field";
    public static final String EVENT_ID = "eventId";

    public Problem {
        Objects.requireNonNull(status, "status");
        reason = OneLine.of(reason == null || reason.isBlank() ? status.getReasonPhrase() : reason, MAX_REASON);
        field = field.filter(name -> !name.isBlank());
        Objects.requireNonNull(eventId, "eventId");
    }

    public static Problem of(HttpStatus status, String reason) {
        return new Problem(status, reason, Optional.empty(), Optional.empty());
    }

    /** The same refusal, naming the field at fault. */
    public Problem at(String fieldName) {
        return new Problem(status, reason, Optional.ofNullable(fieldName), eventId);
    }

    /** The same refusal, naming the event it is about. */
    public Problem about(String id) {
        return new Problem(status, reason, field, Optional.ofNullable(id));
    }

    /**
     * The refusal Spring MVC itself made (an unsupported method, a missing parameter): its status and the first line of
     * its detail, which Spring writes for people, not for parsers.
     */
    public static Problem from(ProblemDetail spring) {
        HttpStatus status =
                Optional.ofNullable(HttpStatus.resolve(spring.getStatus())).orElse(HttpStatus.BAD_REQUEST);
        return of(status, OneLine.first(spring.getDetail(), MAX_REASON));
    }

    /**
     * The JSON members, in the order RFC 9457 lists them. Written as a map rather than a {@link ProblemDetail}, so the
     * shape is the same whichever JSON mapper (Spring MVC's or a filter's) writes it.
     */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", reason);
        if (instance != null) {
            body.put("instance", instance);
        }
        body.put(REASON, reason);
        field.ifPresent(name -> body.put(FIELD, name));
        eventId.ifPresent(id -> body.put(EVENT_ID, id));
        return body;
    }

    /** The answer of a controller or an exception handler. */
    public ResponseEntity<Object> response(String instance) {
        return ResponseEntity.status(status).contentType(MEDIA_TYPE).body(body(instance));
    }

    /**
     * Writes the refusal where no controller answers: a security filter, an entry point. Does nothing once the response
     * is committed, since the caller has then already been answered.
     */
    public void write(HttpServletResponse response, JsonMapper json, String instance) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        response.setContentType(MEDIA_TYPE.toString());
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        json.writeValue(response.getOutputStream(), body(instance));
    }
}
