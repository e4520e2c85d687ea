package org.ddrrbus.client.agreement;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.geography.Counties;
import org.ddrrbus.client.text.OneLine;

/**
 * The places an event may name, as the agreement's owner lists them under {@code places:} in the agreement file: the
 * areas of each county (the sub-counties and wards people return to, which are also the areas whose community risk is
 * assessed) and the border points. Closed lists rather than free text, because a free-text place field is where a
 * name or a phone number slips onto the bus and, through the figures, in front of every donor.
 *
 * <p>The services refuse any other value, the exchange refuses an event that carries one, and the dashboard shows only
 * these. Which fields hold places is fixed by their names in the event schemas: {@code county} (one of the 47
 * counties, {@link Counties}), {@code areaOfReturn} and {@code area} (an area listed for the event's county) and
 * {@code borderPoint}.
 *
 * @param areas the areas of each county, keyed by the county's canonical name, in the spelling the bus uses
 * @param borderPoints the border crossing points
 */
public record Places(Map<String, List<String>> areas, List<String> borderPoints) {

    /** Where the areas are listed in the agreement file. */
    public static final String AREAS = "places.areas";

    /** Where the border points are listed in the agreement file. */
    public static final String BORDER_POINTS = "places.borderPoints";

    /** How a listed place is spelt: letters, spaces, apostrophes and hyphens, 2 to 40 characters, no digits. */
    public static final String NAME = "\\p{L}[\\p{L}' -]{0,38}\\p{L}";

    /** The event fields that name an area of the event's county. */
    private static final List<String> AREA_FIELDS = List.of("areaOfReturn", "area");

    public Places {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        areas.forEach((county, names) -> copy.put(county, List.copyOf(names)));
        areas = java.util.Collections.unmodifiableMap(copy);
        borderPoints = List.copyOf(borderPoints);
    }

    /** The areas listed for a county (by its canonical name); none for a county the agreement lists nothing for. */
    public List<String> areasOf(String county) {
        return areas.getOrDefault(county, List.of());
    }

    /** The listed spelling of an area of the county, whatever the case and spacing it was typed with. */
    public Optional<String> area(String county, String name) {
        return find(areasOf(county), name);
    }

    /** The listed spelling of a border point, whatever the case and spacing it was typed with. */
    public Optional<String> borderPoint(String name) {
        return find(borderPoints, name);
    }

    /**
     * The first place an event names that is not listed exactly as the bus spells it, if any. Services correct the
     * spelling before they publish, so an event that fails here was written by something that skipped that check.
     */
    public Optional<Unlisted> unlisted(SpecificRecord event) {
        Schema schema = event.getSchema();
        Optional<String> county = text(event, "county");
        if (county.isPresent() && !Counties.ALL.contains(county.get())) {
            return Optional.of(new Unlisted("county", county.get(), Optional.empty(), Counties.ALL));
        }
        for (String field : AREA_FIELDS) {
            Optional<String> area = text(event, field);
            if (schema.getField(field) != null
                    && area.isPresent()
                    && !areasOf(county.orElse("")).contains(area.get())) {
                String list = AREAS + "." + county.orElse("?");
                return Optional.of(new Unlisted(field, area.get(), Optional.of(list), areasOf(county.orElse(""))));
            }
        }
        Optional<String> borderPoint = text(event, "borderPoint");
        if (borderPoint.isPresent() && !borderPoints.contains(borderPoint.get())) {
            return Optional.of(
                    new Unlisted("borderPoint", borderPoint.get(), Optional.of(BORDER_POINTS), borderPoints));
        }
        return Optional.empty();
    }

    /**
     * A place an event names that the lists do not have.
     *
     * @param field the event field that holds it
     * @param value what it holds
     * @param list where the accepted values are listed, e.g. {@code places.areas.Kwale}; empty for a county, whose
     *     list is the bus's own
     * @param listed the accepted values
     */
    public record Unlisted(String field, String value, Optional<String> list, List<String> listed) {

        public Unlisted {
            listed = List.copyOf(listed);
        }

        /** One line for people; the value is quoted cut short, since it may be anything a sender wrote. */
        public String reason() {
            String quoted = field + " '" + OneLine.of(value, 40) + "'";
            if (list.isEmpty()) {
                return quoted + " is not one of the 47 counties (e.g. Kwale, Tana River, Murang'a)";
            }
            String accepted = listed.isEmpty()
                    ? "nothing is listed there yet"
                    : "listed: " + String.join(", ", listed.stream().sorted().toList());
            return quoted + " is not a place listed under " + list.get() + " of the sharing agreement (" + accepted
                    + ")";
        }
    }

    private static Optional<String> find(List<String> listed, String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = normalised(name);
        return listed.stream().filter(p -> normalised(p).equals(wanted)).findFirst();
    }

    private static String normalised(String name) {
        return name.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }

    private static Optional<String> text(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        if (field == null) {
            return Optional.empty();
        }
        Object value = event.get(field.pos());
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
