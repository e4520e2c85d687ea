package org.ddrrbus.dashboard.figures;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.stats.Figure;
import tools.jackson.databind.json.JsonMapper;

/**
 * Second stage: sums the changes into one value per cell and turns the cells into figures.
 *
 * <p>The programme figures are released on a fixed cadence, never on an event: the first check in each period of
 * {@code releaseInterval} (periods counted from the epoch, so hourly releases fall on the hour) releases every
 * programme figure, noised and suppressed, whether or not anything changed; every other check releases nothing. So a
 * reader of {@code ddrr.stats} cannot tell when within a period an event arrived, nor, from an unchanged figure, that
 * nothing did. The period of the last release is kept in a changelogged store, so a restart inside a period does not
 * release again. The operations panel's quarantine figure, for programme managers only, is recomputed at every check.
 *
 * <p>All cells live in one task (the repartition topic has one partition), because suppression has to see every cell
 * of every figure at once.
 */
final class CellProcessor implements Processor<String, Delta, String, byte[]> {

    /** The key, in the releases store, of the start of the period last released. */
    static final String LAST_RELEASE = "last-release";

    private final FigureBuilder builder;
    private final JsonMapper json;
    private final Duration checkInterval;
    private final Duration releaseInterval;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Delta> cells;
    private KeyValueStore<String, PublishedFigure> figures;
    private KeyValueStore<String, Long> releases;

    CellProcessor(
            FigureBuilder builder, JsonMapper json, Duration checkInterval, Duration releaseInterval, Clock clock) {
        this.builder = builder;
        this.json = json;
        this.checkInterval = checkInterval;
        this.releaseInterval = releaseInterval;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.cells = context.getStateStore(DashboardTopology.CELLS);
        this.figures = context.getStateStore(DashboardTopology.FIGURES);
        this.releases = context.getStateStore(DashboardTopology.RELEASES);
        context.schedule(checkInterval, PunctuationType.WALL_CLOCK_TIME, this::check);
    }

    @Override
    public void process(Record<String, Delta> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Delta was = cells.get(record.key());
        Delta now = was == null ? record.value() : was.plus(record.value());
        if (now.isZero()) {
            cells.delete(record.key());
        } else {
            cells.put(record.key(), now);
        }
    }

    /**
     * Releases the programme figures if this period has not had its release; refreshes the operations figure.
     *
     * @param wallClock the punctuation's time, which stamps the records: the broker refuses records dated far from its
     *     own clock, while the release clock may be a test's
     */
    private void check(long wallClock) {
        Instant now = clock.instant();
        Map<String, Delta> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, Delta> entries = cells.all()) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        PublishedFigure operations = builder.operations(all, now);
        if (operations.differsFrom(figures.get(operations.figure().key()))) {
            figures.put(operations.figure().key(), operations);
        }

        long period = Math.floorDiv(now.toEpochMilli(), releaseInterval.toMillis()) * releaseInterval.toMillis();
        Long last = releases.get(LAST_RELEASE);
        // "Another period", not "a later one": a clock set back by more than a period releases once more, rather than
        // falling silent until it catches up.
        if (last != null && last == period) {
            return;
        }
        Instant at = Instant.ofEpochMilli(period);
        for (PublishedFigure figure : builder.programme(all, at)) {
            figures.put(figure.figure().key(), figure);
            RecordHeaders headers = new RecordHeaders();
            headers.add(Figure.SCHEMA_HEADER, Figure.SCHEMA.getBytes(StandardCharsets.US_ASCII));
            context.forward(
                    new Record<>(figure.figure().key(), json.writeValueAsBytes(figure.figure()), wallClock, headers));
        }
        releases.put(LAST_RELEASE, period);
    }
}
