package org.ddrrbus.auditor;

import org.ddrrbus.auditor.commands.ExportCommand;
import org.ddrrbus.auditor.commands.ReplayCommand;
import org.ddrrbus.auditor.commands.TraceCommand;
import org.ddrrbus.auditor.commands.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code audit}: the oversight body's view of the bus. Mounted by the launcher as {@code ddrr audit}, and runnable on
 * its own through {@link AuditMain}.
 */
@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        version = "ddrr-bus auditor 0.1.0",
        description = {
            "Read-only replay, verification, tracing and export of the bus, as the oversight body.",
            "Every run is first recorded in ddrr.audit-access (who, what, why, when); a run that cannot be "
                    + "recorded reads nothing."
        },
        subcommands = {ReplayCommand.class, VerifyCommand.class, TraceCommand.class, ExportCommand.class})
public final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
