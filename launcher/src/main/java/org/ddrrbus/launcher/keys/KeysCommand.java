package org.ddrrbus.launcher.keys;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.KeyRequest;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.launcher.system.CommandGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ddrr keys}: the key directory, from a partner's request to the operator's approval and revocation. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = {
            "The key directory (ddrr.keys): which public key speaks for which agency, from when to when, signed by",
            "the bus operator's directory key. A partner makes a key and a request on its own node (request); the",
            "operator checks and publishes it (approve), revokes a key from an instant (revoke), and lists them (list)."
        },
        subcommands = {
            KeysCommand.Request.class,
            KeysCommand.Approve.class,
            KeysCommand.Revoke.class,
            KeysCommand.ListKeys.class
        })
public final class KeysCommand extends CommandGroup {

    /** On the partner's node: a new key, kept there, and a request for the operator that holds no secret. */
    @Command(
            name = "request",
            mixinStandardHelpOptions = true,
            description = {
                "Make a new signing key for an agency on this node, and a request to register it. The private key",
                "stays in <keys-dir>/private (readable by you only); give the request file to the bus operator."
            })
    static final class Request implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "AGENCY", description = "The agency (or exchange) the key speaks for.")
        String agency;

        @Option(
                names = "--keys-dir",
                paramLabel = "DIR",
                defaultValue = "data/keys",
                description = "The node's keys folder (default: ${DEFAULT-VALUE}).")
        Path keysDir;

        @Option(
                names = "--out",
                paramLabel = "FILE",
                description = "Where to write the request (default: <agency>.<fingerprint>.request here).")
        Path out;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrivateKeys keys = PrivateKeys.at(keysDir.resolve("private"), agency);
            SigningKey key = keys.generate();
            KeyRequest request = KeyRequest.of(key, Instant.now());
            Path file = out != null ? out : Path.of(key.keyId().replace('/', '.') + ".request");
            request.write(file);
            PrintWriter print = spec.commandLine().getOut();
            print.println("Made " + key.keyId() + "; its private key stays in " + keys.folder() + ".");
            print.println("Wrote the request to " + file + ": give it to the bus operator (./ddrr keys approve "
                    + file.getFileName() + ").");
            return 0;
        }
    }

    /** On the operator's side: check a request and publish its key. */
    @Command(
            name = "approve",
            mixinStandardHelpOptions = true,
            description = {
                "Check a key request (its proof of possession, its agency against the sharing agreement) and publish",
                "the key in the key directory, valid from now. The agency's earlier keys stay valid for --overlap, so",
                "events they signed before the switch still count."
            })
    static final class Approve extends OnTheDirectory {

        @Parameters(index = "0", paramLabel = "REQUEST-FILE", description = "The request the partner sent.")
        Path requestFile;

        @Option(
                names = "--overlap",
                paramLabel = "DURATION",
                defaultValue = "1h",
                description = "How long the agency's earlier keys stay valid (e.g. 30m, 1h, 2d; default: "
                        + "${DEFAULT-VALUE}).")
        String overlap;

        @Override
        public Integer call() {
            KeyRequest request = KeyRequest.read(requestFile);
            Duration keepOld = duration(overlap);
            return operator.withRegistrar(registrar -> {
                KeyRegistrar.Approval approval = registrar.approve(request, keepOld);
                PrintWriter out = out();
                out.println("Approved: " + approval.registered().describe() + ".");
                approval.ending().forEach(old -> out.println("  " + old.describe() + " (its successor takes over)."));
            });
        }
    }

    /** On the operator's side: distrust a key from an instant on. */
    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = {
                "Revoke a key from an instant: events it signs dated from then on are refused (KEY_REVOKED) and their",
                "sender told; ./ddrr audit verify flags events it signed before as signed by a key later revoked.",
                "An agency's only valid key cannot be revoked: approve its successor first."
            })
    static final class Revoke extends OnTheDirectory {

        @Parameters(index = "0", paramLabel = "KEY-ID", description = "e.g. iom/1a2b3c4d (./ddrr keys list).")
        String keyId;

        @Option(
                names = "--from",
                paramLabel = "INSTANT",
                defaultValue = "now",
                description = "From when the key is distrusted, e.g. 2026-12-03T10:00:00Z (default: ${DEFAULT-VALUE}).")
        String from;

        @Override
        public Integer call() {
            Instant at = instant(from);
            return operator.withRegistrar(registrar -> {
                RegisteredKey revoked = registrar.revoke(keyId, at);
                out().println("Revoked: " + revoked.describe() + ". Its signatures on events from then on are"
                        + " refused with KEY_REVOKED.");
            });
        }
    }

    /** What the directory says now. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every key of the key directory.")
    static final class ListKeys extends OnTheDirectory {

        @Override
        public Integer call() {
            PrintWriter out = out();
            return operator.withRegistrar(registrar -> {
                List<RegisteredKey> keys = registrar.keys();
                Instant now = Instant.now();
                out.printf("%-24s %-10s %-26s %-26s %s%n", "key", "now", "valid from", "valid until", "revoked from");
                for (RegisteredKey key : keys) {
                    out.printf(
                            "%-24s %-10s %-26s %-26s %s%n",
                            key.keyId(),
                            standing(key, now),
                            key.validFrom(),
                            key.validUntil().map(Instant::toString).orElse("-"),
                            key.revokedFrom().map(Instant::toString).orElse("-"));
                }
            });
        }

        private static String standing(RegisteredKey key, Instant now) {
            if (key.revokedAt(now)) {
                return "revoked";
            }
            if (now.isBefore(key.validFrom())) {
                return "not yet";
            }
            return key.validAt(now) ? "valid" : "ended";
        }
    }

    /** The operator's subcommands: each reaches the key directory through the operator's options and login. */
    abstract static class OnTheDirectory implements Callable<Integer> {

        @Mixin
        OperatorOptions operator;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    private static final Pattern SHORT_DURATION = Pattern.compile("([0-9]{1,6})([smhd])");

    /** {@code 30m}, {@code 1h}, {@code 2d}, or ISO-8601 ({@code PT1H}). */
    static Duration duration(String text) {
        Matcher m = SHORT_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + OneLine.of(text, 40) + "' is not a duration such as 30m, 1h or 2d");
        }
    }

    static Instant instant(String text) {
        if (text.equals("now")) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--from must be an instant such as 2026-12-03T10:00:00Z, or now; not '"
                    + OneLine.of(text, 40) + "'");
        }
    }
}
