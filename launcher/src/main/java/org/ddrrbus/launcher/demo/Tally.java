package org.ddrrbus.launcher.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What happened in a demo run, counted, and the first unexpected answers kept to show; safe across threads. */
final class Tally {
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    int get(String what) {
        AtomicInteger count = counts.get(what);
        return count == null ? 0 : count.get();
    }

    void problem(String what) {
        if (problems.size() < 1000) {
            problems.add(what);
        }
    }

    int failures() {
        return problems.size();
    }

    String summary() {
        StringBuilder text = new StringBuilder("Demo finished:\n");
        for (String key : List.of(
                "registered",
                "consents",
                "risk assessments",
                "referrals issued",
                "referrals refused by the exchange",
                "accepted",
                "declined",
                "completed",
                "support delivered",
                "mentorship sessions",
                "phase changes",
                "community risk assessments",
                "border returns",
                "consents withdrawn")) {
            text.append(String.format("  %-36s %d%n", key, get(key)));
        }
        if (!problems.isEmpty()) {
            text.append("  unexpected answers: ")
                    .append(problems.size())
                    .append(", e.g. ")
                    .append(problems.get(0));
        }
        return text.toString();
    }
}
