package org.ddrrbus.auditor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ddrrbus.testing.TestBus;

/** Runs the auditor in this JVM against a test bus, logged in as the auditor, and keeps what it printed. */
public final class Audit {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Result(int exit, String out, String err) {

        public List<String> lines() {
            return out.lines().toList();
        }

        /** Every line of stdout as JSON; fails if any line is not, e.g. progress leaking into the data. */
        public List<JsonNode> json() {
            return out.lines()
                    .map(line -> {
                        try {
                            return JSON.readTree(line);
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new UncheckedIOException("not a JSON line: " + line, e);
                        }
                    })
                    .toList();
        }
    }

    private Audit() {}

    /** {@code args} start with the subcommand; the connection to the bus is added. */
    public static Result run(TestBus bus, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(
                1,
                List.of(
                        "--bootstrap",
                        bus.bootstrapServers(),
                        "--password",
                        bus.passwordOf("auditor"),
                        "--keys-dir",
                        bus.keysDir().toString(),
                        "--as",
                        "it-auditor",
                        "--timeout",
                        "10"));
        return raw(all.toArray(String[]::new));
    }

    /** Exactly these arguments. */
    public static Result raw(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AuditMain.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(exit, out.toString(), err.toString());
    }
}
