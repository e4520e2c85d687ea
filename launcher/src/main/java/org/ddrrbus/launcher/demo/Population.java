package org.ddrrbus.launcher.demo;

import java.util.List;
import java.util.Random;

/**
 * Who the demo's invented returnees are, as weighted lists to draw from: repeating a value makes it likelier, so the
 * figures look like a programme's rather than uniform noise.
 */
final class Population {

    private Population() {}

    /** Where people return to, weighted as in the programme; only those with areas listed in the agreement are used. */
    static final List<String> COUNTIES = List.of(
            "Mombasa",
            "Mombasa",
            "Kwale",
            "Kwale",
            "Kilifi",
            "Kilifi",
            "Lamu",
            "Garissa",
            "Garissa",
            "Tana River",
            "Nairobi",
            "Nairobi",
            "Mandera",
            "Wajir",
            "Isiolo");

    static final List<String> AGE_BANDS = List.of(
            "UNDER_18", "AGE_18_24", "AGE_18_24", "AGE_18_24", "AGE_25_34", "AGE_25_34", "AGE_35_44", "AGE_45_PLUS");
    static final List<String> ROUTES = List.of(
            "VOLUNTARY_SURRENDER",
            "VOLUNTARY_SURRENDER",
            "AMNESTY",
            "BORDER_RETURN",
            "COMMUNITY_REFERRAL",
            "COURT_DIVERSION");
    static final List<String> PRIORITIES =
            List.of("WITHIN_24_HOURS", "WITHIN_72_HOURS", "WITHIN_72_HOURS", "WITHIN_2_WEEKS", "WITHIN_2_WEEKS");

    /** One of the options, each as likely as it is frequent in the list. */
    static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
