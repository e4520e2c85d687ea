package org.ddrrbus.auditor;

import java.io.PrintWriter;
import org.ddrrbus.client.text.OneLine;
import picocli.CommandLine;

/** The auditor as a program of its own: {@code java -cp ... org.ddrrbus.auditor.AuditMain replay ...}. */
public final class AuditMain {

    private AuditMain() {}

    public static void main(String[] args) {
        // Without a logging backend SLF4J would print three lines of warnings; the auditor's output is its own.
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        System.exit(commandLine().execute(args));
    }

    /** Runs a command with the given output streams and returns its exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * The command line with handlers that turn every failure into one line on stderr, never a stack trace. Commands
     * already report their own failures this way; these handlers cover parsing and anything unforeseen.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new AuditCommand());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("audit: " + oneLine(e));
            return e instanceof AuditFailure failure ? failure.exitCode() : AuditFailure.UNAVAILABLE;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr()
                    .println("audit: " + oneLine(e) + " (see "
                            + failed.getCommandSpec().qualifiedName() + " --help)");
            return AuditFailure.BAD_INPUT;
        });
        return cli;
    }

    /** The first line of the innermost message worth showing. */
    public static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return oneLine(message);
    }

    /**
     * A message as one line: a quoted argument may hold line breaks or other control characters (easily passed from
     * a script), which would split the refusal or garble a terminal, so they are shown as '?'.
     */
    public static String oneLine(String message) {
        return OneLine.of(message, 400);
    }
}
