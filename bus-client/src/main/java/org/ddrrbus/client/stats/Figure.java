package org.ddrrbus.client.stats;

import java.time.Instant;
import java.util.List;

/**
 * One published programme figure on {@code ddrr.stats}, keyed by {@link #key()} and serialised as JSON that follows
 * the versioned JSON Schema {@value #SCHEMA} (docs/architecture.md says why JSON). It is an
 * aggregate that never identifies a person: every count below the suppression threshold is published as
 * {@code "<5"} (or the configured threshold), never as its value, and so is any cell from which a suppressed one
 * could be recovered by subtraction.
 *
 * @param key stable identifier, e.g. {@code returnees-by-phase}
 * @param title what the figure shows, for people
 * @param asOf when it was computed
 * @param cells the labelled values, in display order
 */
public record Figure(String key, String title, Instant asOf, List<Cell> cells) {

    /**
     * The header every record on {@code ddrr.stats} carries, naming the JSON Schema its value follows
     * ({@code schemas/src/main/json/<name>.schema.json}); a new version of the shape gets a new name.
     */
    public static final String SCHEMA_HEADER = "ddrr-schema";

    public static final String SCHEMA = "figure-v1";

    public Figure {
        cells = List.copyOf(cells);
    }

    /** A labelled value: a count as digits, a suppressed count as {@code "<5"}, or a measure such as {@code "36.5 h"}. */
    public record Cell(String label, String value) {}
}
