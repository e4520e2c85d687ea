package org.ddrrbus.launcher;

import java.io.PrintWriter;
import org.ddrrbus.auditor.AuditCommand;
import org.ddrrbus.client.start.ExampleSecrets;
import org.ddrrbus.client.start.NativeCompression;
import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.launcher.agreement.AgreementCommand;
import org.ddrrbus.launcher.demo.DemoCommand;
import org.ddrrbus.launcher.federation.FederateCommand;
import org.ddrrbus.launcher.keys.KeysCommand;
import org.ddrrbus.launcher.node.NodeCommand;
import org.ddrrbus.launcher.partner.PartnerCommand;
import org.ddrrbus.launcher.provision.ProvisionCommand;
import org.ddrrbus.launcher.run.RunCommand;
import org.ddrrbus.launcher.staff.StaffCommand;
import org.ddrrbus.launcher.up.KeyHolderCommand;
import org.ddrrbus.launcher.up.UpCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ddrr} command line: one entry point for running, demonstrating and provisioning the bus. */
@Command(
        name = "ddrr",
        mixinStandardHelpOptions = true,
        version = "ddrr-bus 0.1.0",
        description = "The message bus of the DDRR programme partners.",
        subcommands = {
            UpCommand.class,
            DemoCommand.class,
            ProvisionCommand.class,
            AgreementCommand.class,
            KeysCommand.class,
            PartnerCommand.class,
            NodeCommand.class,
            RunCommand.class,
            StaffCommand.class,
            FederateCommand.class,
            AuditCommand.class,
            KeyHolderCommand.class
        })
public final class Ddrr implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Every Spring application in this JVM logs through the launcher's logback.xml; none reconfigures logging.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        // Tomcat logs through java.util.logging; route it to the same place, at the same levels.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        NativeCompression.prefer();
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code; a failure is one readable line on stderr, never a stack trace. */
    public static int run(String... args) {
        return execute(commandLine(), args);
    }

    /** The same, printing to {@code out} and {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return execute(cli, args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(CommandLine cli, String... args) {
        try {
            // Before any command: a bus started with the published example passwords is open to everyone.
            ExampleSecrets.refuseIn(System.getenv());
        } catch (StartRefused e) {
            cli.getErr().println("ddrr: " + e.getMessage());
            return 1;
        }
        return cli.execute(args);
    }

    private static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Ddrr());
        cli.setExecutionStrategy(parsed -> ConsoleLogs.during(
                parsed.hasSubcommand() ? parsed.subcommand().commandSpec().name() : "",
                () -> new CommandLine.RunLast().execute(parsed)));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("ddrr: " + oneLine(e));
            return 1;
        });
        cli.setParameterExceptionHandler((e, arguments) -> {
            PrintWriter err = e.getCommandLine().getErr();
            String command = e.getCommandLine().getCommandSpec().qualifiedName();
            // ./ddrr audit speaks as the auditor does everywhere else (docs/auditing.md): every line starts audit:.
            String speaker = command.startsWith("ddrr audit") ? "audit: " : "ddrr: ";
            err.println(speaker + e.getMessage() + " (see " + command + " --help)");
            return 2;
        });
        return cli;
    }

    static String oneLine(Throwable e) {
        // A component that refused its configuration said why in words meant for the operator, however deep in the
        // start-up it was thrown.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StartRefused refused) {
                return refused.getMessage();
            }
        }
        Throwable cause = e;
        // A component that refuses to start (the exchange on a ledger laid out otherwise) says why in the cause that
        // Spring wraps as "Failed to start bean ...".
        while (cause.getCause() != null
                && (cause.getMessage() == null
                        || cause instanceof java.util.concurrent.ExecutionException
                        || cause instanceof org.springframework.context.ApplicationContextException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
