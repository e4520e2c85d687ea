package org.ddrrbus.dashboard.figures;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the topology needs to know, so a test can build it without Spring.
 *
 * @param suppressBelow counts below this are shown as {@code "<" + suppressBelow}
 * @param publishInterval how often figures are recomputed and, when changed, published
 * @param overdueCheckInterval how often passed referral deadlines are looked for
 * @param weeksShown how many ISO weeks the registrations figure shows, ending with the current one
 * @param counties the counties a figure may name; any other county is counted as "Other"
 */
public record DashboardSettings(
        SharingAgreement agreement,
        EventCodec codec,
        JsonMapper json,
        int suppressBelow,
        Duration publishInterval,
        Duration overdueCheckInterval,
        int weeksShown,
        Set<String> counties) {

    public DashboardSettings {
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(json, "json");
        counties = Set.copyOf(counties);
        if (weeksShown < 1) {
            throw new IllegalArgumentException("weeksShown must be at least 1");
        }
    }
}
