package org.ddrrbus.dashboard.figures;

/** Who a figure is for. */
public enum Audience {
    /** Programme figures: the page and API for every user, and {@code ddrr.stats} for the donors' services. */
    PROGRAMME,
    /** How the bus itself is doing: the operations panel for programme managers only; never on {@code ddrr.stats}. */
    OPERATIONS
}
