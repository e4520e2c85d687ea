package org.ddrrbus.dashboard.system;

/** What a person signed in to the dashboard may see. */
public enum DashboardRole {
    /** A programme manager: the programme figures and the operations panel. */
    MANAGER,
    /** Embassy staff of a donor: the programme figures only. */
    DONOR
}
