package org.ddrrbus.auditor.commands;

import java.util.List;
import java.util.Optional;
import org.ddrrbus.auditor.access.AccessRequest;
import org.ddrrbus.auditor.bus.Progress;
import org.ddrrbus.auditor.bus.ReadPlan;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.output.JsonLinesWriter;
import org.ddrrbus.auditor.output.Redaction;
import org.ddrrbus.events.AuditOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit replay}: every selected record of a topic as one JSON line, with its verification. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Print the records of an outbox, an inbox or the quarantine as JSON lines: where each sits, its "
                    + "CloudEvents attributes, delivery terms, the decoded event and whether it verifies.",
            "Fields the agreement withholds from some recipient are [redacted] unless --purpose is oversight."
        })
public final class ReplayCommand extends AuditRun {

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "TOPIC",
            description = "ddrr.outbox.<agency>, ddrr.inbox.<agency> or ddrr.quarantine.")
    String topic;

    @Mixin
    SelectionOptions selection;

    @Option(
            names = "--purpose",
            required = true,
            paramLabel = "PURPOSE",
            description = "Why you read: a purpose of the sharing agreement; recorded with this access.")
    String purpose;

    @Mixin
    TicketOption reference;

    @Override
    protected int run(Session session) {
        String audited = session.auditedTopic(topic);
        Optional<String> why = session.purpose(purpose);
        Optional<String> ticket = reference.of(session);
        Window window = selection.window();
        Filters filters = selection.filters(session);
        Redaction redaction = session.redaction(why);
        ReadPlan plan = session.reader().plan(audited, window);
        session.record(new AccessRequest(
                AuditOperation.REPLAY,
                List.of(audited),
                why,
                ticket,
                window,
                filters,
                Optional.empty(),
                redaction.showsProtected(),
                plan.size()));

        Inspector inspector = session.inspector();
        Progress progress = session.progress(plan.size());
        try (JsonLinesWriter lines = new JsonLinesWriter(session.out(), redaction)) {
            session.reader()
                    .read(
                            plan,
                            window,
                            record -> {
                                if (filters.admits(record)) {
                                    lines.write(inspector.inspect(record));
                                }
                            },
                            progress);
        }
        progress.done();
        return 0;
    }
}
