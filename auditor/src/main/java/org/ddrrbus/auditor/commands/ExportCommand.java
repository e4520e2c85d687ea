package org.ddrrbus.auditor.commands;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.access.AccessRequest;
import org.ddrrbus.auditor.bus.Progress;
import org.ddrrbus.auditor.bus.ReadPlan;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.output.ExportFormat;
import org.ddrrbus.auditor.output.RecordWriter;
import org.ddrrbus.auditor.output.Redaction;
import org.ddrrbus.events.AuditOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit export}: the selected records of a topic as evidence in a file. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Write the selected records of a topic, verified, to a file: JSON lines, CSV, or an Avro "
                    + "container file any Avro tool can read.",
            "The file is readable by you only, and appears complete or not at all."
        })
public final class ExportCommand extends AuditRun {

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "TOPIC",
            description = "ddrr.outbox.<agency>, ddrr.inbox.<agency> or ddrr.quarantine.")
    String topic;

    @Option(
            names = "--format",
            required = true,
            paramLabel = "jsonl|csv|avro",
            converter = ExportFormat.Converter.class,
            description = "jsonl, csv or avro.")
    ExportFormat format;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "The file to write.")
    Path output;

    @Option(names = "--overwrite", description = "Replace FILE if it exists.")
    boolean overwrite;

    @Mixin
    SelectionOptions selection;

    @Option(
            names = "--purpose",
            required = true,
            paramLabel = "PURPOSE",
            description = "Why you export: a purpose of the sharing agreement; recorded with this access.")
    String purpose;

    @Mixin
    TicketOption reference;

    @Override
    protected int run(Session session) throws IOException {
        String audited = session.auditedTopic(topic);
        Optional<String> why = session.purpose(purpose);
        Optional<String> ticket = reference.of(session);
        Window window = selection.window();
        Filters filters = selection.filters(session);
        Path target = output.toAbsolutePath().normalize();
        if (!Files.isDirectory(target.getParent())) {
            throw AuditFailure.badInput(
                    "cannot write " + output + ": directory " + target.getParent() + " does not exist");
        }
        if (Files.exists(target) && !overwrite) {
            throw AuditFailure.badInput(output + " exists; give --overwrite to replace it");
        }
        Redaction redaction = session.redaction(why);
        ReadPlan plan = session.reader().plan(audited, window);
        session.record(new AccessRequest(
                AuditOperation.EXPORT,
                List.of(audited),
                why,
                ticket,
                window,
                filters,
                Optional.of(format.id()),
                redaction.showsProtected(),
                plan.size()));

        Inspector inspector = session.inspector();
        Progress progress = session.progress(plan.size());
        // Written beside the target and moved into place: a failed export leaves no half file to be mistaken for
        // evidence.
        Path partial = Files.createTempFile(target.getParent(), ".audit-export-", ".part");
        long written;
        try {
            ownerOnly(partial);
            try (OutputStream file = Files.newOutputStream(partial);
                    RecordWriter writer = format.open(file, session.catalogue(), redaction)) {
                session.reader()
                        .read(
                                plan,
                                window,
                                record -> {
                                    if (filters.admits(record)) {
                                        try {
                                            writer.write(inspector.inspect(record));
                                        } catch (IOException e) {
                                            throw new UncheckedIOException(
                                                    "cannot write " + output + ": " + e.getMessage(), e);
                                        }
                                    }
                                },
                                progress);
                written = writer.written();
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        progress.done();
        session.out()
                .println("exported " + written + " records of " + audited + " to " + output + " (" + format.id() + ")");
        return 0;
    }

    /** The export holds what the bus holds about people: only its owner may read it. */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system; the directory's own permissions apply.
        }
    }
}
