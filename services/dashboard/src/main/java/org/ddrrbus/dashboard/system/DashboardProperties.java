package org.ddrrbus.dashboard.system;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.ddrrbus.client.geography.Counties;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the dashboard. Every default works against the embedded broker of {@code ./ddrr up}; how to reach the
 * bus (bootstrap servers, principal, password) comes from {@code ddrr.bus}.
 *
 * @param applicationId Kafka Streams application id; the broker's ACLs grant the dashboard {@code ddrr-dashboard}
 * @param suppressBelow every count below this is shown as {@code "<" + suppressBelow}, never as its value
 * @param publishInterval how often the figures stage checks whether a release is due, and refreshes the managers'
 *     quarantine figure; programme figures reach {@code ddrr.stats} only on the {@code release} cadence
 * @param overdueCheckInterval how often passed referral deadlines are looked for
 * @param commitInterval how often the exactly-once transaction commits; figures reach the cells stage no sooner
 * @param replicationFactor of the dashboard's changelog and repartition topics: 1 on the embedded broker, 3 on a cluster
 * @param stateDir where the local state stores live; they are rebuilt from their changelogs when lost
 * @param streamThreads Kafka Streams threads
 * @param weeksShown how many ISO weeks the registrations figure shows
 * @param operationsInterval how often the operations panel samples offsets and consumer lag
 * @param refreshInterval how often the web pages pick up newly computed figures
 * @param counties the counties a figure may name; empty means the bus's list ({@link Counties}). Any other value is
 *     counted as "Other", so free text typed into a county field never becomes a published label
 * @param users who may sign in; the dashboard does not start without any
 * @param release the cadence and noise of the programme figures' releases
 */
@Validated
@ConfigurationProperties("ddrr.dashboard")
public record DashboardProperties(
        @DefaultValue("ddrr-dashboard") @NotBlank String applicationId,
        @DefaultValue("5") @Min(2) @Max(1000) int suppressBelow,

        @DefaultValue("5s") @NotNull @DurationMin(millis = 100)
        Duration publishInterval,

        @DefaultValue("30s") @NotNull @DurationMin(seconds = 1)
        Duration overdueCheckInterval,

        @DefaultValue("100ms") @NotNull @DurationMin(millis = 10)
        Duration commitInterval,

        @DefaultValue("1") @Min(1) int replicationFactor,
        @DefaultValue("data/dashboard") @NotNull Path stateDir,
        @DefaultValue("1") @Min(1) @Max(16) int streamThreads,
        @DefaultValue("12") @Min(1) @Max(104) int weeksShown,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 250)
        Duration operationsInterval,

        @DefaultValue("1s") @NotNull @DurationMin(millis = 100)
        Duration refreshInterval,

        Set<@NotBlank String> counties,
        List<@Valid @NotNull User> users,
        @Valid @DefaultValue Release release) {

    public DashboardProperties {
        counties = Set.copyOf(counties == null || counties.isEmpty() ? Counties.ALL : counties);
        users = users == null ? List.of() : List.copyOf(users);
        release = release == null ? new Release(Duration.ofHours(1), 1.0) : release;
    }

    /**
     * When the programme figures (the page, the API and {@code ddrr.stats}) are released, and how much noise protects
     * each release. The guarantee is stated in docs/dashboard.md.
     *
     * @param interval one release per period of this length, counted from the epoch: hourly releases fall on the hour
     * @param epsilon privacy loss per noisy count per release, for an event that changes the count by one; smaller is
     *     more private and noisier (two-sided geometric noise of standard deviation about {@code 1.4} at 1, {@code 2.8}
     *     at 0.5)
     */
    public record Release(
            @DefaultValue("1h") @NotNull @DurationMin(millis = 100)
            Duration interval,

            @DefaultValue("1.0") @DecimalMin("0.05") @DecimalMax("10")
            double epsilon) {}

    /**
     * A person who may sign in.
     *
     * @param name what they sign in with
     * @param password in clear, or already encoded with an id prefix such as {@code {bcrypt}...}
     * @param role what they may see
     */
    public record User(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "must be 1 to 64 letters, digits or . _ @ -")
            String name,

            @NotBlank String password,
            @NotNull DashboardRole role) {

        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role + "]";
        }
    }
}
