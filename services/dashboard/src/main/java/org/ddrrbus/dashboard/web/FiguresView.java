package org.ddrrbus.dashboard.web;

import java.util.List;
import org.ddrrbus.client.stats.Figure;

/**
 * The programme figures as the API returns them.
 *
 * @param version goes up whenever any figure changes
 * @param suppressBelow counts below this are not shown
 * @param small how such a count reads, e.g. {@code "<5"}
 * @param withheld how a cell withheld so that a small count cannot be worked out by subtraction reads
 * @param figures the figures, each as published on {@code ddrr.stats}
 */
record FiguresView(long version, int suppressBelow, String small, String withheld, List<Figure> figures) {}
