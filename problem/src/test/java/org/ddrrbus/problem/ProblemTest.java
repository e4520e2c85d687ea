package org.ddrrbus.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void refusalIsAnRfc9457ProblemThatStillCarriesReasonAndField() {
        JsonNode body = json.valueToTree(
                Problem.of(HttpStatus.BAD_REQUEST, "not accepted: people are recorded only as case codes")
                        .at("name")
                        .body("/api/returnees"));

        assertThat(body.get("type").asString()).isEqualTo("about:blank");
        assertThat(body.get("title").asString()).isEqualTo("Bad Request");
        assertThat(body.get("status").asInt()).isEqualTo(400);
        assertThat(body.get("detail").asString()).isEqualTo("not accepted: people are recorded only as case codes");
        assertThat(body.get("instance").asString()).isEqualTo("/api/returnees");
        assertThat(body.get("reason").asString()).isEqualTo(body.get("detail").asString());
        assertThat(body.get("field").asString()).isEqualTo("name");
        assertThat(body.has("eventId")).isFalse();
    }

    @Test
    void quotedInputCannotBreakTheLineOrFloodTheAnswer() {
        Problem problem = Problem.of(HttpStatus.NOT_FOUND, "no referral 'a\nb\u0000c" + "x".repeat(5_000) + "'");

        assertThat(problem.reason())
                .startsWith("no referral 'a?b?c")
                .doesNotContain("\n")
                .endsWith("...");
        assertThat(problem.reason().length()).isLessThanOrEqualTo(Problem.MAX_REASON + 3);
    }

    @Test
    void blankReasonIsTheStatusPhraseAndBlankFieldIsLeftOut() {
        Map<String, Object> body =
                Problem.of(HttpStatus.FORBIDDEN, " ").at("").about("evt-1").body(null);

        assertThat(body).containsEntry("detail", "Forbidden").containsEntry("eventId", "evt-1");
        assertThat(body).doesNotContainKeys("field", "instance");
    }

    @Test
    void springsOwnRefusalKeepsItsStatusAndFirstLine() {
        ProblemDetail spring =
                ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, "Method 'PUT' is not supported.\nmore");

        Problem problem = Problem.from(spring);

        assertThat(problem.status()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(problem.reason()).isEqualTo("Method 'PUT' is not supported.");
    }
}
