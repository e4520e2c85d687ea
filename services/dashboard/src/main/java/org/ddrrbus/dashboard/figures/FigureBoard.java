package org.ddrrbus.dashboard.figures;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.stats.Figure;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * The figures as the web pages show them: the latest copy of the topology's figures store, which holds exactly what
 * went to {@code ddrr.stats}, so the page, the API and the donors' services never disagree. It keeps the last copy
 * while the store is briefly unreadable (a rebalance, a restore).
 */
@Component
public class FigureBoard {

    private final ApplicationEventPublisher events;
    private volatile Snapshot snapshot = new Snapshot(0, Map.of());

    public FigureBoard(ApplicationEventPublisher events) {
        this.events = events;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** Takes the figures read from the store; tells the listeners of {@link Changed} when any says something new. */
    public void replace(Collection<PublishedFigure> figures) {
        Snapshot current = snapshot;
        Map<String, PublishedFigure> next = new LinkedHashMap<>();
        figures.forEach(f -> next.put(f.figure().key(), f));
        boolean changed = next.size() != current.figures().size()
                || next.values().stream()
                        .anyMatch(f ->
                                f.differsFrom(current.figures().get(f.figure().key())));
        if (changed) {
            snapshot = new Snapshot(current.version() + 1, next);
            events.publishEvent(new Changed(snapshot));
        }
    }

    /** The figures at one moment, in the order the topology builds them. */
    public record Snapshot(long version, Map<String, PublishedFigure> figures) {

        public Snapshot {
            figures = Map.copyOf(figures);
        }

        /** Everything every signed-in user may see, in a stable order. */
        public List<Figure> programme() {
            return ordered(Audience.PROGRAMME);
        }

        public Optional<Figure> programme(String key) {
            return Optional.ofNullable(figures.get(key))
                    .filter(f -> f.audience() == Audience.PROGRAMME)
                    .map(PublishedFigure::figure);
        }

        public Optional<Figure> operations(String key) {
            return Optional.ofNullable(figures.get(key))
                    .filter(f -> f.audience() == Audience.OPERATIONS)
                    .map(PublishedFigure::figure);
        }

        private List<Figure> ordered(Audience audience) {
            return figures.values().stream()
                    .filter(f -> f.audience() == audience)
                    .map(PublishedFigure::figure)
                    .sorted(java.util.Comparator.comparingInt(f -> FigureOrder.of(f.key())))
                    .toList();
        }
    }

    /** Published when the figures change. */
    public record Changed(Snapshot snapshot) {}
}
