package org.ddrrbus.dashboard.figures;

import org.ddrrbus.client.stats.Figure;

/** A figure after suppression, as the dashboard shows it, and who may see it. */
public record PublishedFigure(Figure figure, Audience audience) {

    /** Whether this says something different from {@code other}; the time it was computed does not count. */
    boolean differsFrom(PublishedFigure other) {
        return other == null
                || audience != other.audience
                || !figure.title().equals(other.figure.title())
                || !figure.cells().equals(other.figure.cells());
    }
}
