package org.ddrrbus.dashboard.figures;

import java.util.List;

/** The order figures are listed in: the returnees first, then referrals, support, and the areas. */
final class FigureOrder {

    private static final List<String> KEYS = List.of(
            "returnees-by-phase",
            "returnees-by-county",
            "registrations-by-week",
            "referrals-by-status",
            "referrals-by-agency",
            "referrals-declined-by-reason",
            "referral-acceptance-median-hours",
            "support-by-kind",
            "mentorship-sessions-by-format",
            "community-risk-by-area",
            "quarantine-by-reason");

    private FigureOrder() {}

    static int of(String key) {
        int index = KEYS.indexOf(key);
        return index < 0 ? KEYS.size() : index;
    }
}
