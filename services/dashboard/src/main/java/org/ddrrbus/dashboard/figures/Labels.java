package org.ddrrbus.dashboard.figures;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ddrrbus.client.agreement.Places;

/**
 * Turns free-text fields into labels that may be published. County and area are free text in the schemas, and a
 * published label is read by every donor: a name or a phone number typed into the wrong field must never become one.
 * Counties are matched against the known list, areas against the areas the agreement lists for the county; anything
 * else is "Other".
 */
final class Labels {

    static final String OTHER = "Other";

    private final TreeMap<String, String> counties = new TreeMap<>();
    private final Places places;

    Labels(Set<String> knownCounties, Places places) {
        knownCounties.forEach(c -> counties.put(c.trim().toLowerCase(Locale.ROOT), c.trim()));
        this.places = places;
    }

    String county(String raw) {
        if (raw == null) {
            return OTHER;
        }
        return Optional.ofNullable(counties.get(raw.trim().toLowerCase(Locale.ROOT)))
                .orElse(OTHER);
    }

    /** An area as the agreement lists it for the county, or "Other": only listed places are ever shown. */
    String area(String county, String raw) {
        return places.area(county(county), raw).orElse(OTHER);
    }

    /** {@code OUT_OF_CAPACITY} as {@code Out of capacity}. */
    static String humanise(String symbol) {
        String words = symbol.replace('_', ' ').toLowerCase(Locale.ROOT);
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }
}
