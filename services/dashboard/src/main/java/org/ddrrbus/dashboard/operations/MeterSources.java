package org.ddrrbus.dashboard.operations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.ddrrbus.client.topic.Components;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the operations panel reads the components' own meters: each component's {@code /actuator/prometheus}. The
 * default is the exchange's loopback-only port under {@code ./ddrr up}, read without credentials; a partner
 * service's endpoint needs a sign-in (HTTP Basic), its monitoring account, which may read the metrics and nothing else,
 * so each partner service is added with its URL and that account, e.g. {@code
 * ddrr.dashboard.meters.sources[1].component=iom}, as {@code ./ddrr up} adds every partner service it runs.
 *
 * @param sources the components to read; {@code component} is the exchange's name or the partner service's agency
 * @param timeout how long one read may take
 */
@Validated
@ConfigurationProperties("ddrr.dashboard.meters")
public record MeterSources(
        List<@Valid @NotNull Source> sources,

        @DefaultValue("2s") @NotNull @DurationMin(millis = 100)
        Duration timeout) {

    /** The exchange's Prometheus endpoint under {@code ./ddrr up}: loopback only, no sign-in. */
    public static final URI EXCHANGE_DEFAULT = URI.create("http://127.0.0.1:8090/actuator/prometheus");

    public MeterSources {
        sources = sources == null
                ? List.of(new Source(Components.EXCHANGE, EXCHANGE_DEFAULT, null, null))
                : List.copyOf(sources);
    }

    /**
     * @param component {@code exchange}, or the agency whose partner service this is
     * @param url its Prometheus endpoint
     * @param username the account that reads that component's metrics (a partner service's monitoring account), if
     *     its endpoint needs a sign-in
     * @param password that account's password
     */
    public record Source(
            @NotBlank String component, @NotNull URI url, String username, String password) {
        @Override
        public String toString() {
            return "Source[" + component + ", " + url + (username == null ? "" : ", " + username + ", ***") + "]";
        }
    }
}
