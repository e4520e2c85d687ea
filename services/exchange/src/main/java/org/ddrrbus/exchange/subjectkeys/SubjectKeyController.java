package org.ddrrbus.exchange.subjectkeys;

import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The key holder's one endpoint: {@code GET /subject-keys/<subjectRef>/<retention>/<yyyy-MM>?use=seal|open}. */
@RestController
class SubjectKeyController {

    private final KeyService keys;

    SubjectKeyController(KeyService keys) {
        this.keys = keys;
    }

    @GetMapping("/subject-keys/{subjectRef}/{retention}/{month}")
    ResponseEntity<String> key(
            @PathVariable String subjectRef,
            @PathVariable String retention,
            @PathVariable String month,
            @RequestParam(name = "use", required = false) String use,
            @RequestHeader(name = SubjectKeyRequest.SIGNING_KEY_HEADER, required = false) String signingKey,
            @RequestHeader(name = SubjectKeyRequest.TIME_HEADER, required = false) String time,
            @RequestHeader(name = SubjectKeyRequest.SIGNATURE_HEADER, required = false) String signature,
            @RequestHeader(name = SubjectKeyRequest.AUDIENCE_HEADER, required = false) String audience) {
        SubjectKeyRequest request;
        try {
            // An audience, where a request names one, is covered by its signature like the rest.
            request = SubjectKeyRequest.read(subjectRef, retention, month, use, signingKey, time, signature, audience);
        } catch (IllegalArgumentException e) {
            return answer(new KeyAnswer(400, e.getMessage()));
        }
        return answer(keys.answer(request));
    }

    private static ResponseEntity<String> answer(KeyAnswer answer) {
        return ResponseEntity.status(answer.status())
                .cacheControl(CacheControl.noStore())
                .contentType(answer.granted() ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN)
                .body(answer.granted() ? answer.body() : answer.body() + "\n");
    }
}
