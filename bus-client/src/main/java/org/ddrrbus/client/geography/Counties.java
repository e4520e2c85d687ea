package org.ddrrbus.client.geography;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The counties a person can return to. A closed list rather than free text: it keeps figures comparable, and a
 * free-text field is where a name or a phone number would slip onto the bus.
 */
public final class Counties {

    public static final List<String> ALL = List.of(
            "Mombasa",
            "Kwale",
            "Kilifi",
            "Tana River",
            "Lamu",
            "Taita-Taveta",
            "Garissa",
            "Wajir",
            "Mandera",
            "Marsabit",
            "Isiolo",
            "Meru",
            "Tharaka-Nithi",
            "Embu",
            "Kitui",
            "Machakos",
            "Makueni",
            "Nyandarua",
            "Nyeri",
            "Kirinyaga",
            "Murang'a",
            "Kiambu",
            "Turkana",
            "West Pokot",
            "Samburu",
            "Trans Nzoia",
            "Uasin Gishu",
            "Elgeyo-Marakwet",
            "Nandi",
            "Baringo",
            "Laikipia",
            "Nakuru",
            "Narok",
            "Kajiado",
            "Kericho",
            "Bomet",
            "Kakamega",
            "Vihiga",
            "Bungoma",
            "Busia",
            "Siaya",
            "Kisumu",
            "Homa Bay",
            "Migori",
            "Kisii",
            "Nyamira",
            "Nairobi");

    private Counties() {}

    /** The county's canonical spelling, whatever the case of the input. */
    public static Optional<String> canonical(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(c -> c.toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }
}
