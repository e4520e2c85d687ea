package org.ddrrbus.casework.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.util.UriUtils;

/**
 * A staff form as the REST API takes it: what the person typed into each field, the API's path with the fields it
 * names filled in, and the other fields as the JSON body.
 *
 * @param blankPathField a field the path needs that was left blank: the form cannot be sent
 */
record FormPost(
        Map<String, List<String>> typed, String path, Map<String, Object> body, Optional<String> blankPathField) {

    static FormPost of(Action action, HttpServletRequest request) {
        Map<String, List<String>> typed = typed(action, request);
        Map<String, Object> body = new LinkedHashMap<>();
        String path = action.path();
        for (FieldSpec field : action.fields()) {
            List<String> values = typed.getOrDefault(field.name(), List.of());
            if (field.inPath()) {
                if (values.isEmpty()) {
                    return new FormPost(typed, path, body, Optional.of(field.name()));
                }
                path = path.replace("{" + field.name() + "}", UriUtils.encodePathSegment(values.get(0), "UTF-8"));
            } else if (!values.isEmpty()) {
                body.put(field.name(), json(field, values));
            }
        }
        return new FormPost(typed, path, body, Optional.empty());
    }

    /** What the person typed into each field of the form, trimmed, blanks left out. */
    private static Map<String, List<String>> typed(Action action, HttpServletRequest request) {
        Map<String, List<String>> typed = new LinkedHashMap<>();
        for (FieldSpec field : action.fields()) {
            String[] values = request.getParameterValues(field.name());
            List<String> kept = values == null
                    ? List.of()
                    : Arrays.stream(values)
                            .map(String::strip)
                            .filter(v -> !v.isEmpty())
                            .toList();
            typed.put(
                    field.name(),
                    field.kind() == FieldSpec.Kind.MULTI
                            ? kept
                            : kept.stream().limit(1).toList());
        }
        return typed;
    }

    /** A value as the API's JSON has it: a list for a choice of several, a number for a number that is one. */
    private static Object json(FieldSpec field, List<String> values) {
        if (field.kind() == FieldSpec.Kind.MULTI) {
            return values;
        }
        String value = values.get(0);
        if (field.kind() == FieldSpec.Kind.NUMBER && value.matches("-?\\d{1,9}")) {
            return Integer.parseInt(value);
        }
        return value;
    }
}
