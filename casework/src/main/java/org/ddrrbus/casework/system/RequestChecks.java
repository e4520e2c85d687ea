package org.ddrrbus.casework.system;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How strictly requests are read: a write must be small JSON (see {@link RequestBodies}), and its JSON must hold only
 * the fields the endpoint knows, each once. A field the service does not know is refused rather than dropped, so that
 * a caller who sends {@code "name"} or {@code "phone"} learns it was not stored (and why) instead of believing it was.
 */
@Configuration(proxyBeanMethods = false)
class RequestChecks {

    @Bean
    FilterRegistrationBean<RequestBodies> requestBodies(
            ServiceProperties properties, JsonMapper json, ObjectProvider<FormPosts> forms) {
        FilterRegistrationBean<RequestBodies> registration = new FilterRegistrationBean<>(new RequestBodies(
                properties.maxRequestBody().toBytes(), json, forms.getIfAvailable(() -> request -> false)));
        // Right after sign-in: a stranger is told to sign in before anything about the request is judged.
        registration.setOrder(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    @Bean
    JsonMapperBuilderCustomizer strictRequests() {
        return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
