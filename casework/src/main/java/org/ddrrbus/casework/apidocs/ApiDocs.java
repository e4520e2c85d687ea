package org.ddrrbus.casework.apidocs;

import com.fasterxml.jackson.databind.JavaType;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ddrrbus.casework.system.ClosedLists;
import org.ddrrbus.problem.Problem;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of a service: its name, HTTP Basic sign-in, and the RFC 9457 problem details every operation
 * may answer with. The server is the document's own origin ("/"), so the document is the same on every port and host,
 * which is what lets it be checked in.
 */
@Configuration(proxyBeanMethods = false)
public class ApiDocs {

    static final String PROBLEM = "Problem";
    static final String BASIC = "basic";

    /** What each refusal means, whoever answers it; 503 only where the bus must acknowledge a write. */
    private static final Map<String, String> REFUSALS = refusals();

    @Bean
    OpenAPI serviceApi(@Value("${spring.application.name}") String service) {
        return new OpenAPI()
                .info(new Info()
                        .title("ddrr-bus " + service + " service")
                        .version("1")
                        .description("The " + service + " service's API on the ddrr bus. Every refusal is an RFC 9457"
                                + " problem detail (application/problem+json) whose detail is one readable line."))
                .addServersItem(new Server().url("/"))
                .components(new Components()
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** Every operation lists the problem details it may answer with. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return api -> {
            if (api.getPaths() == null) {
                return;
            }
            api.getPaths()
                    .values()
                    .forEach(path -> path.readOperationsMap().forEach((method, operation) -> {
                        REFUSALS.forEach((status, meaning) -> {
                            if (!status.equals("503") || method != io.swagger.v3.oas.models.PathItem.HttpMethod.GET) {
                                addProblem(operation, status, meaning);
                            }
                        });
                    }));
        };
    }

    /**
     * A property that takes one of a closed list publishes the values the service accepts ({@link ClosedLists}), not
     * every value of its enum: a value kept only to read old events is refused, so it is not offered.
     */
    @Bean
    PropertyCustomizer closedLists() {
        return ApiDocs::accepted;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static Schema accepted(Schema property, AnnotatedType type) {
        if (property == null || type == null || type.getType() == null) {
            return property;
        }
        JavaType java = Json.mapper().constructType(type.getType());
        Schema listed = java.isContainerType() && property.getItems() != null ? property.getItems() : property;
        Class<?> values = java.isContainerType() && java.getContentType() != null
                ? java.getContentType().getRawClass()
                : java.getRawClass();
        if (listed.getEnum() != null && values.isEnum()) {
            listed.setEnum(new ArrayList<>(ClosedLists.accepted(values)));
        }
        return property;
    }

    private static void addProblem(Operation operation, String status, String meaning) {
        if (operation.getResponses().containsKey(status)) {
            return;
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(meaning)
                                .content(new Content()
                                        .addMediaType(
                                                Problem.MEDIA_TYPE.toString(),
                                                new MediaType()
                                                        .schema(new Schema<>()
                                                                .$ref("#/components/schemas/" + PROBLEM)))));
    }

    private static Map<String, String> refusals() {
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("400", "a bad request, or an event the exchange refused for its signature, format or a replay");
        refusals.put("401", "not signed in, or a wrong password; a locked account says so");
        refusals.put("403", "the role or the sharing agreement does not allow it (the exchange's policy refusals)");
        refusals.put("404", "no such resource");
        refusals.put("413", "the body is too large");
        refusals.put("503", "the bus did not acknowledge the event, or the agency has no signing key in force");
        return refusals;
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new ObjectSchema()
                .description("RFC 9457 problem details, with the members callers of the bus have always read")
                .addProperty("type", new StringSchema())
                .addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema())
                .addProperty("detail", new StringSchema().description("why, in one line"))
                .addProperty("instance", new StringSchema())
                .addProperty(Problem.REASON, new StringSchema().description("the same line as detail"))
                .addProperty(Problem.FIELD, new StringSchema().description("the request field at fault, if one is"))
                .addProperty(Problem.EVENT_ID, new StringSchema().description("the refused event's id, if one was"));
    }
}
