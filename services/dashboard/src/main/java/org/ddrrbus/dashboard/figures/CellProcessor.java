package org.ddrrbus.dashboard.figures;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Second stage: sums the changes into one value per cell and, on a wall-clock schedule, turns the cells into the
 * suppressed figures. A figure that says something new is stored for the web pages and, if it is a programme figure,
 * sent to {@code ddrr.stats}, keyed by the figure's key so compaction keeps the latest of each.
 *
 * <p>All cells live in one task (the repartition topic has one partition), because suppression has to see every cell
 * of every figure at once.
 */
final class CellProcessor implements Processor<String, Delta, String, byte[]> {

    private final FigureBuilder builder;
    private final JsonMapper json;
    private final Duration publishInterval;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Delta> cells;
    private KeyValueStore<String, PublishedFigure> figures;

    CellProcessor(FigureBuilder builder, JsonMapper json, Duration publishInterval) {
        this.builder = builder;
        this.json = json;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.cells = context.getStateStore(DashboardTopology.CELLS);
        this.figures = context.getStateStore(DashboardTopology.FIGURES);
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, this::publish);
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

    private void publish(long now) {
        Map<String, Delta> all = new LinkedHashMap<>();
        try (KeyValueIterator<String, Delta> entries = cells.all()) {
            entries.forEachRemaining(entry -> all.put(entry.key, entry.value));
        }
        for (PublishedFigure figure : builder.build(all, Instant.ofEpochMilli(now))) {
            String key = figure.figure().key();
            if (!figure.differsFrom(figures.get(key))) {
                continue;
            }
            figures.put(key, figure);
            if (figure.audience() == Audience.PROGRAMME) {
                context.forward(new Record<>(key, json.writeValueAsBytes(figure.figure()), now));
            }
        }
    }
}
