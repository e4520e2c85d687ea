package org.ddrrbus.dashboard.figures;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.dashboard.privacy.Noise;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the topology needs to know, so a test can build it without Spring.
 *
 * @param suppressBelow counts below this are shown as {@code "<" + suppressBelow}
 * @param publishInterval how often the cells stage checks whether a release is due, and refreshes the operations figure
 * @param overdueCheckInterval how often passed referral deadlines are looked for
 * @param weeksShown how many ISO weeks the registrations figure shows, ending with the current one
 * @param counties the counties a figure may name; any other county is counted as "Other"
 * @param release when the programme figures are released, and the noise that protects each release
 * @param signingKeys the dashboard's own signing keys, to confirm erasures on the bus with; empty: it confirms none
 */
public record DashboardSettings(
        SharingAgreement agreement,
        EventCodec codec,
        JsonMapper json,
        int suppressBelow,
        Duration publishInterval,
        Duration overdueCheckInterval,
        int weeksShown,
        Set<String> counties,
        Release release,
        Optional<Supplier<SigningKey>> signingKeys) {

    public DashboardSettings {
        Objects.requireNonNull(agreement, "agreement");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(signingKeys, "signingKeys");
        counties = Set.copyOf(counties);
        if (weeksShown < 1) {
            throw new IllegalArgumentException("weeksShown must be at least 1");
        }
    }

    /**
     * The cadence and the noise of the programme figures' releases.
     *
     * @param interval one release per period of this length, periods counted from the epoch
     * @param epsilon the privacy loss, in one release, of one noisy count for an event that changes it by one
     * @param noise where the noise comes from; {@link Noise#secure()} except in tests of the counting itself
     * @param clock what decides the period; a test moves it to cross a period's end
     */
    public record Release(Duration interval, double epsilon, Noise noise, Clock clock) {

        public Release {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(noise, "noise");
            Objects.requireNonNull(clock, "clock");
            if (interval.toMillis() < 1) {
                throw new IllegalArgumentException("a release interval must be at least a millisecond: " + interval);
            }
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("epsilon must be positive and finite: " + epsilon);
            }
        }
    }
}
