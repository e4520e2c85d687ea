package org.ddrrbus.dashboard.figures;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ddrrbus.client.stats.Figure;

/** Collects the cells of one figure from the suppressed texts. */
final class FigureCells {
    private final String key;
    private final String title;
    private final Instant now;
    private final Map<String, String> shown;
    private final List<Figure.Cell> cells = new ArrayList<>();

    FigureCells(String key, String title, Instant now, Map<String, String> shown) {
        this.key = key;
        this.title = title;
        this.now = now;
        this.shown = shown;
    }

    FigureCells cell(String label, String cell) {
        cells.add(new Figure.Cell(label, shown.get(cell)));
        return this;
    }

    FigureCells total(String cell) {
        return cell(FigureBuilder.TOTAL, cell);
    }

    Figure figure() {
        return new Figure(key, title, now, cells);
    }

    PublishedFigure programme() {
        return new PublishedFigure(figure(), Audience.PROGRAMME);
    }
}
