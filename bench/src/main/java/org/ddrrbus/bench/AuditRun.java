package org.ddrrbus.bench;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.provisioning.Credentials;

/** {@code audit verify} run in this process as an oversight body would run it, timed. */
final class AuditRun {

    private AuditRun() {}

    /** Runs {@code audit verify} as an oversight body would, and times it. */
    static Benchmark.Audit audit(
            EmbeddedBroker broker, Credentials credentials, Path keys, String topic, long distinct, long records) {
        System.out.println("  audit verify over " + records + " records of " + topic + " (" + distinct
                + " delivered by the exchange in this run, the rest copies of them) ...");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = AuditMain.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "verify",
                "--topic",
                topic,
                "--bootstrap",
                broker.settings().bootstrapServers(),
                "--password",
                credentials.passwordFor("auditor"),
                "--keys-dir",
                keys.toString(),
                "--ca",
                broker.caCertificate().map(Path::toString).orElse(""),
                "--as",
                "bench");
        double seconds = (System.nanoTime() - started) / 1e9;
        Matcher counted =
                Pattern.compile(Pattern.quote(topic) + ": (\\d+) records").matcher(out.toString());
        long verified = counted.find() ? Long.parseLong(counted.group(1)) : records;
        String firstLine = out.toString().lines().findFirst().orElse("");
        System.out.printf(
                "  audit verify: %d records in %.1f s (%,.0f records/s), exit %d: %s %s%n",
                verified,
                seconds,
                verified / seconds,
                exit,
                firstLine,
                err.toString().trim());
        return new Benchmark.Audit(topic, verified, distinct, seconds, exit);
    }
}
