package org.ddrrbus.dashboard.operations;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ddrrbus.client.metrics.MeterNames;
import org.springframework.stereotype.Component;

/** Reads the bus's own meters from each configured component's Prometheus endpoint ({@link MeterSources}). */
@Component
public class MeterReader {

    static final String PUBLISHED = prometheus(MeterNames.PUBLISHED) + "_total";
    static final String DELIVERED = prometheus(MeterNames.DELIVERED) + "_total";
    static final String REFUSED = prometheus(MeterNames.REFUSED) + "_total";
    static final String QUARANTINED = prometheus(MeterNames.QUARANTINED) + "_total";
    static final String INBOX_LAG = prometheus(MeterNames.INBOX_LAG);

    private final MeterSources sources;
    private final HttpClient http;

    public MeterReader(MeterSources sources) {
        this.sources = sources;
        this.http = HttpClient.newBuilder().connectTimeout(sources.timeout()).build();
    }

    /** Every component's meters; a component that cannot be read is named in {@link BusMeters#unread()}. */
    public BusMeters read() throws InterruptedException {
        Map<String, Long> published = new TreeMap<>();
        Map<String, Long> delivered = new TreeMap<>();
        Map<String, Long> refused = new TreeMap<>();
        Map<String, Long> quarantined = new TreeMap<>();
        Map<String, Long> inboxLag = new TreeMap<>();
        List<String> unread = new ArrayList<>();
        for (MeterSources.Source source : sources.sources()) {
            List<PrometheusText.Sample> samples;
            try {
                samples = PrometheusText.parse(fetch(source));
            } catch (IOException | RuntimeException e) {
                unread.add(source.component() + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null
                                ? ""
                                : " (" + e.getMessage().lines().findFirst().orElse("") + ")"));
                continue;
            }
            for (PrometheusText.Sample sample : samples) {
                long value = Math.round(sample.value());
                if (sample.name().equals(PUBLISHED)) {
                    published.merge(source.component(), value, Long::sum);
                } else if (sample.name().equals(DELIVERED)) {
                    delivered.merge(sample.labels().getOrDefault(MeterNames.RECIPIENT, "?"), value, Long::sum);
                } else if (sample.name().equals(REFUSED)) {
                    refused.merge(sample.labels().getOrDefault(MeterNames.REASON, "?"), value, Long::sum);
                } else if (sample.name().equals(QUARANTINED)) {
                    quarantined.merge(sample.labels().getOrDefault(MeterNames.REASON, "?"), value, Long::sum);
                } else if (sample.name().equals(INBOX_LAG)) {
                    inboxLag.merge(source.component(), value, Long::sum);
                }
            }
        }
        return new BusMeters(published, delivered, refused, quarantined, inboxLag, unread);
    }

    private String fetch(MeterSources.Source source) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(source.url()).timeout(sources.timeout()).GET();
        if (source.username() != null) {
            String login = source.username() + ":" + (source.password() == null ? "" : source.password());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + source.url());
        }
        return response.body();
    }

    /** Micrometer's dotted name as Prometheus shows it, before its suffix. */
    static String prometheus(String meter) {
        return meter.replace('.', '_');
    }
}
