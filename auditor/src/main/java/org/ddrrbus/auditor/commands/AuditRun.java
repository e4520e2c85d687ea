package org.ddrrbus.auditor.commands;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.auditor.bus.Connection;
import org.ddrrbus.auditor.bus.ConnectionOptions;
import org.ddrrbus.auditor.bus.KafkaFailures;
import org.ddrrbus.client.agreement.SharingAgreement;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every subcommand does around its work: connect, run, and turn any failure into one {@code audit: ...} line on
 * stderr and an exit code. Done here rather than in picocli's handlers, so it holds wherever the command is mounted.
 */
abstract class AuditRun implements Callable<Integer> {

    @Mixin
    ConnectionOptions connectionOptions;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        // Buffered: a replay writes a line per record, and the terminal's writer flushes on every line.
        PrintWriter out = new PrintWriter(new BufferedWriter(spec.commandLine().getOut(), 1 << 16), false);
        try {
            SharingAgreement agreement = connectionOptions.agreement();
            Connection connection = connectionOptions.connection(agreement);
            try (Session session = new Session(agreement, connection, out, err)) {
                return run(session);
            } catch (IOException | UncheckedIOException e) {
                throw AuditFailure.unavailable(AuditMain.oneLine(e), e);
            } catch (RuntimeException e) {
                throw KafkaFailures.explain(e, connection);
            }
        } catch (AuditFailure failure) {
            out.flush();
            err.println("audit: " + AuditMain.oneLine(failure.getMessage()));
            return failure.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    protected abstract int run(Session session) throws IOException;
}
