package org.ddrrbus.bench;

import java.util.List;
import java.util.Locale;
import org.ddrrbus.bench.pipe.Result;

/** A small SVG: delivered events per second, and p50/p99 latency, for each run. No library, no network. */
final class Chart {

    private Chart() {}

    static String svg(List<Result> results) {
        int width = 760;
        int height = 320;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='11'>%n",
                width,
                height));
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        double maxRate =
                results.stream().mapToDouble(Result::deliveredPerSecond).max().orElse(1);
        double maxLatency = results.stream()
                .mapToDouble(Result::p99Ms)
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(1);
        bars(svg, "delivered events/s", results, 20, maxRate, r -> r.deliveredPerSecond(), "%.0f", null);
        bars(svg, "latency p50 / p99 (ms)", results, 400, maxLatency, Result::p99Ms, "%.1f", Result::p50Ms);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private interface Value {
        double of(Result result);
    }

    private static void bars(
            StringBuilder svg,
            String title,
            List<Result> results,
            int left,
            double max,
            Value value,
            String format,
            Value inner) {
        int top = 40;
        int chartHeight = 200;
        int barWidth = 48;
        svg.append(String.format(
                Locale.ROOT, "<text x='%d' y='20' font-size='13' font-weight='bold'>%s</text>%n", left, title));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int x = left + i * (barWidth + 10);
            double v = value.of(r);
            int h = Double.isNaN(v) ? 0 : (int) (chartHeight * v / max);
            String colour = r.pipeline().startsWith("plain") ? "#9aa5b1" : "#1f6feb";
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x='%d' y='%d' width='%d' height='%d' fill='%s'/>%n",
                    x,
                    top + chartHeight - h,
                    barWidth,
                    h,
                    colour));
            if (inner != null && !Double.isNaN(inner.of(r))) {
                int ih = (int) (chartHeight * inner.of(r) / max);
                svg.append(String.format(
                        Locale.ROOT,
                        "<rect x='%d' y='%d' width='%d' height='%d' fill='#0b3d91'/>%n",
                        x + 12,
                        top + chartHeight - ih,
                        barWidth - 24,
                        ih));
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='middle'>" + format + "</text>%n",
                    x + barWidth / 2,
                    top + chartHeight - h - 4,
                    v));
            String load = r.offeredPerSecond() == 0
                    ? "max"
                    : (r.offeredPerSecond() >= 1000
                            ? (r.offeredPerSecond() / 1000) + "k/s"
                            : r.offeredPerSecond() + "/s");
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n",
                    x + barWidth / 2,
                    top + chartHeight + 14,
                    r.pipeline().startsWith("plain") ? "plain" : "bus"));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='middle' fill='#555'>%s</text>%n",
                    x + barWidth / 2,
                    top + chartHeight + 28,
                    load));
        }
    }
}
