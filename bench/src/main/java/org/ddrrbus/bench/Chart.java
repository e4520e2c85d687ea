package org.ddrrbus.bench;

import java.util.List;
import java.util.Locale;
import org.ddrrbus.bench.pipe.Result;

/** A small SVG: delivered events per second, and p50/p99 latency, for each run. No library, no network. */
final class Chart {

    private Chart() {}

    static String svg(List<Result> results) {
        int width = 900;
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
        List<Result> peaks =
                results.stream().filter(r -> r.offeredPerSecond() == 0).toList();
        List<Result> paced =
                results.stream().filter(r -> r.offeredPerSecond() != 0).toList();
        bars(svg, "peak: delivered events/s", peaks, 20, maxRate, r -> r.deliveredPerSecond(), "%.0f", null);
        bars(svg, "at half peak: p50 / p99 (ms)", paced, 560, maxLatency, Result::p99Ms, "%.1f", Result::p50Ms);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String label(Result r) {
        if (r.pipeline().startsWith("plain")) {
            return "plain";
        }
        if (r.pipeline().startsWith("exactly")) {
            return r.pipeline().contains("no headers") ? "EOS" : "EOS+hdr";
        }
        return "bus";
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
        int barWidth = 54;
        svg.append(String.format(
                Locale.ROOT, "<text x='%d' y='20' font-size='13' font-weight='bold'>%s</text>%n", left, title));
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            int x = left + i * (barWidth + 10);
            double v = value.of(r);
            int h = Double.isNaN(v) ? 0 : (int) (chartHeight * v / max);
            String colour = r.pipeline().startsWith("plain")
                    ? "#9aa5b1"
                    : r.pipeline().startsWith("exactly") ? "#8fb8ff" : "#1f6feb";
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
            String load = r.valueBytes() + " B";
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='middle'>%s</text>%n",
                    x + barWidth / 2,
                    top + chartHeight + 14,
                    label(r)));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x='%d' y='%d' text-anchor='middle' fill='#555'>%s</text>%n",
                    x + barWidth / 2,
                    top + chartHeight + 28,
                    load));
        }
    }
}
