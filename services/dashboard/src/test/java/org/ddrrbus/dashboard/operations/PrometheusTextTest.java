package org.ddrrbus.dashboard.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import org.ddrrbus.client.metrics.MeterNames;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsWhatMicrometerWritesForTheBusMeters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter(MeterNames.REFUSED, MeterNames.REASON, "NO_CONSENT").increment(3);
        registry.counter(MeterNames.DELIVERED, MeterNames.RECIPIENT, "iom").increment(2);
        registry.gauge(MeterNames.INBOX_LAG, 7);

        List<PrometheusText.Sample> samples = PrometheusText.parse(registry.scrape());

        assertThat(samples)
                .contains(
                        new PrometheusText.Sample(MeterReader.REFUSED, Map.of("reason", "NO_CONSENT"), 3),
                        new PrometheusText.Sample(MeterReader.DELIVERED, Map.of("recipient", "iom"), 2),
                        new PrometheusText.Sample(MeterReader.INBOX_LAG, Map.of(), 7));
    }

    @Test
    void unescapesLabelValuesAndSkipsComments() {
        List<PrometheusText.Sample> samples = PrometheusText.parse(
                "# HELP x y\n# TYPE x counter\nx{a=\"q\\\"u,o}te\",b=\"\"} 1.5e0 1700000000\n\ny +Inf\n");
        assertThat(samples)
                .containsExactly(
                        new PrometheusText.Sample("x", Map.of("a", "q\"u,o}te", "b", ""), 1.5),
                        new PrometheusText.Sample("y", Map.of(), Double.POSITIVE_INFINITY));
    }

    @Test
    void refusesWhatIsNotASample() {
        assertThatThrownBy(() -> PrometheusText.parse("<html>sign in</html>"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
