package org.ddrrbus.dashboard.figures;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns free-text fields into labels that may be published. County and area are free text in the schemas, and a
 * published label is read by every donor: a name or a phone number typed into the wrong field must never become one.
 * Counties are matched against the known list (anything else is "Other"); areas must look like a place name.
 */
final class Labels {

    static final String OTHER = "Other";
    private static final Pattern PLACE = Pattern.compile("\\p{L}[\\p{L}\\p{M} '.-]{0,39}");

    private final TreeMap<String, String> counties = new TreeMap<>();

    Labels(Set<String> knownCounties) {
        knownCounties.forEach(c -> counties.put(c.trim().toLowerCase(Locale.ROOT), c.trim()));
    }

    String county(String raw) {
        if (raw == null) {
            return OTHER;
        }
        return Optional.ofNullable(counties.get(raw.trim().toLowerCase(Locale.ROOT)))
                .orElse(OTHER);
    }

    /** A place name as written, if it looks like one: letters first, no digits, no separators, at most 40 characters. */
    static String area(String raw) {
        if (raw == null) {
            return OTHER;
        }
        String trimmed = raw.trim().replaceAll("\\s+", " ");
        return PLACE.matcher(trimmed).matches() ? trimmed : OTHER;
    }

    /** {@code OUT_OF_CAPACITY} as {@code Out of capacity}. */
    static String humanise(String symbol) {
        String words = symbol.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
