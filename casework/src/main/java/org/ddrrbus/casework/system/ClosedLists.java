package org.ddrrbus.casework.system;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.ddrrbus.events.ErasureReason;

/**
 * The values a request may give where the API takes one of a closed list (an enum of the events' schemas): the enum's
 * values, less those that exist only for events recorded before the field did. A refusal lists them, the OpenAPI
 * documents publish them and the pages offer them, all from here, so that what is published is what is accepted.
 */
public final class ClosedLists {

    /** Values a schema keeps only to read old events with: nobody may ask with them. */
    private static final Set<Enum<?>> RECORDED_ONLY = Set.of(ErasureReason.UNSPECIFIED);

    private ClosedLists() {}

    /** The accepted values of the enum, in its own order; none for a type that is not an enum. */
    public static List<String> accepted(Class<?> type) {
        Object[] values = type.isEnum() ? type.getEnumConstants() : new Object[0];
        return Arrays.stream(values)
                .map(Enum.class::cast)
                .filter(value -> !RECORDED_ONLY.contains(value))
                .map(Enum::name)
                .toList();
    }

    /** The accepted values as a refusal lists them: {@code A, B, C}. */
    public static String listed(Class<?> type) {
        return String.join(", ", accepted(type));
    }

    /** Whether a request may give the value. */
    public static boolean accepts(Enum<?> value) {
        return !RECORDED_ONLY.contains(value);
    }
}
