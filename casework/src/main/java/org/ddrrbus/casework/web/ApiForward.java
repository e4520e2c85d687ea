package org.ddrrbus.casework.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.ddrrbus.casework.system.ApiErrors;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a form on to the REST API inside this service, as the signed-in member of staff, and reads the API's answer:
 * the same validation, role checks, agreement checks and wait for the exchange's verdict as a JSON client gets, with no
 * second copy of any rule. The inner request carries a JSON body in place of the form and keeps the API's attributes
 * to itself, so the page's request is as it was when the answer comes back.
 */
@Component
class ApiForward {

    /**
     * The API's status and JSON body (a receipt, or a problem detail), and its refusal as a key of the bundles (null
     * where the API had only words of its own), for the page to say in the person's language.
     */
    record Answer(int status, JsonNode body, MessageSourceResolvable reason) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text(String field) {
            JsonNode node = body == null ? null : body.get(field);
            return node == null || node.isNull() ? null : node.asString();
        }
    }

    private final JsonMapper json;

    ApiForward(JsonMapper json) {
        this.json = json;
    }

    Answer post(HttpServletRequest request, HttpServletResponse response, String path, Map<String, Object> body)
            throws ServletException, IOException {
        byte[] content = json.writeValueAsBytes(body);
        JsonPost forwarded = new JsonPost(request, content);
        // The API fills it with its refusal as a key of the bundles (see ApiErrors).
        AtomicReference<MessageSourceResolvable> reason = new AtomicReference<>();
        forwarded.setAttribute(ApiErrors.REASON, reason);
        CapturedResponse captured = new CapturedResponse(response);
        // An include, not a forward: Tomcat ends the page's response after a forward, and the page is still to come.
        request.getRequestDispatcher(path).include(forwarded, captured);
        byte[] answer = captured.bytes();
        JsonNode node = answer.length == 0 ? null : readOrNull(answer);
        return new Answer(captured.getStatus(), node, reason.get());
    }

    private JsonNode readOrNull(byte[] answer) {
        try {
            return json.readTree(answer);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
