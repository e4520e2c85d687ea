package org.ddrrbus.casework.apidocs;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import java.util.List;
import org.ddrrbus.events.ErasureReason;
import org.junit.jupiter.api.Test;

/** What the OpenAPI documents publish for a closed list: the values the service accepts, nothing more. */
class ApiDocsTest {

    @Test
    void aClosedListPublishesOnlyTheValuesTheServiceAccepts() {
        Schema<?> published =
                ApiDocs.accepted(everyValueOf(ErasureReason.class), new AnnotatedType(ErasureReason.class));

        assertThat(List.<Object>copyOf(published.getEnum()))
                .containsExactly(
                        "PERSON_REQUEST",
                        "CONSENT_WITHDRAWN",
                        "NO_LONGER_NECESSARY",
                        "UNLAWFUL_PROCESSING",
                        "LEGAL_OBLIGATION");
    }

    @Test
    void aListOfAClosedListPublishesOnlyTheValuesTheServiceAccepts() {
        ArraySchema reasons = new ArraySchema().items(everyValueOf(ErasureReason.class));

        Schema<?> published = ApiDocs.accepted(
                reasons,
                new AnnotatedType(
                        Json.mapper().getTypeFactory().constructCollectionType(List.class, ErasureReason.class)));

        assertThat(List.<Object>copyOf(published.getItems().getEnum()))
                .hasSize(5)
                .doesNotContain("UNSPECIFIED");
    }

    private static StringSchema everyValueOf(Class<? extends Enum<?>> type) {
        StringSchema schema = new StringSchema();
        for (Enum<?> value : type.getEnumConstants()) {
            schema.addEnumItem(value.name());
        }
        return schema;
    }
}
