package org.ddrrbus.auditor.commands;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.access.AccessRequest;
import org.ddrrbus.auditor.bus.ConnectionOptions;
import org.ddrrbus.auditor.bus.Progress;
import org.ddrrbus.auditor.bus.ReadPlan;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.output.Json;
import org.ddrrbus.auditor.output.TraceLine;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AuditOperation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code audit trace}: which agency received which event about one person, when, and under which terms. */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = {
            "Answer \"who received what about this person\": every record of every inbox keyed by the "
                    + "case code, in time order, with the agency, event, sender, purpose, legal basis, withheld fields "
                    + "and verification, and every answer of the key holder to a request for the person's keys "
                    + "(ddrr.key-grants: granted or refused, to whom, to seal or to open). Shows no event content. On a bus linked to another (./ddrr federate), also "
                    + "what left it for the other bus; with --with-bus, both buses' hops in one trace."
        })
public final class TraceCommand extends AuditRun {

    @Parameters(index = "0", paramLabel = "SUBJECT_REF", description = "The person's case code, e.g. KE-7Q2M-4XJD.")
    String subject;

    @Option(
            names = "--purpose",
            required = true,
            paramLabel = "PURPOSE",
            description = "Why you trace this person: a purpose of the sharing agreement; recorded with this access.")
    String purpose;

    @Mixin
    TicketOption reference;

    @Option(
            names = "--format",
            paramLabel = "jsonl|table",
            defaultValue = "jsonl",
            description = "jsonl (default) or table.")
    String format;

    @Option(
            names = "--with-bus",
            paramLabel = "DATA_DIR",
            description = "The data directory of a second, linked national bus on this machine (e.g. data-so): its"
                    + " auditor's node home there logs in, and the trace shows both buses' hops; the access is recorded"
                    + " on both.")
    Path otherBus;

    @Override
    protected int run(Session session) {
        if (otherBus == null) {
            return run(List.of(session), false);
        }
        ConnectionOptions options = connectionOptions.forDataDir(otherBus);
        try (Session other = new Session(
                session.agreement(), options.connection(session.agreement()), session.out(), session.err())) {
            return run(List.of(session, other), true);
        }
    }

    private int run(List<Session> sessions, boolean named) {
        Session session = sessions.get(0);
        String subjectRef = session.subject(subject);
        Optional<String> why = session.purpose(purpose);
        Optional<String> ticket = reference.of(session);
        if (!format.equals("jsonl") && !format.equals("table")) {
            throw AuditFailure.badInput("--format must be jsonl or table, not '" + format + "'");
        }
        List<TraceLine> lines = new ArrayList<>();
        for (Session on : sessions) {
            lines.addAll(trace(on, subjectRef, why, ticket, named));
        }
        if (lines.isEmpty()) {
            throw AuditFailure.foundProblems("no inbox holds a record about " + subjectRef);
        }
        lines.sort(Comparator.comparing(TraceLine::deliveredAt)
                .thenComparing(TraceLine::bus)
                .thenComparing(TraceLine::topic)
                .thenComparingInt(TraceLine::partition)
                .thenComparingLong(TraceLine::offset));
        if (format.equals("table")) {
            session.out().print(TraceLine.table(lines));
        } else {
            lines.forEach(line -> session.out().println(Json.write(line.json())));
        }
        return 0;
    }

    /**
     * The lines of one bus: its inboxes and, when it is linked to another, what it let leave for that bus (its outgoing
     * flow, which the auditor judges here, where its keys are known). The access is recorded before anything is read.
     */
    private static List<TraceLine> trace(
            Session session, String subjectRef, Optional<String> why, Optional<String> ticket, boolean named) {
        List<String> visible = session.reader().topics(t -> true);
        Optional<String> local = visible.stream()
                .map(FederationHeaders::handledBy)
                .flatMap(Optional::stream)
                .map(FederationHeaders.Flow::to)
                .findFirst();
        List<String> topics = new ArrayList<>();
        visible.stream().filter(t -> Topics.inboxOwner(t).isPresent()).forEach(topics::add);
        visible.stream().filter(Topics.KEY_GRANTS::equals).forEach(topics::add);
        visible.stream()
                .filter(t -> FederationHeaders.flowOf(t)
                        .filter(f -> local.isPresent() && f.from().equals(local.get()))
                        .isPresent())
                .forEach(topics::add);
        if (topics.isEmpty()) {
            throw AuditFailure.badInput("no inbox is visible to the auditor");
        }
        Window window = Window.whole();
        Filters filters = new Filters(Optional.of(subjectRef), Optional.empty(), Optional.empty(), Optional.empty());
        List<ReadPlan> plans =
                topics.stream().map(t -> session.reader().plan(t, window)).toList();
        long total = plans.stream().mapToLong(ReadPlan::size).sum();
        session.record(new AccessRequest(
                AuditOperation.TRACE, topics, why, ticket, window, filters, Optional.empty(), false, total));

        // Every partition is read, not just the one the key hashes to: the answer must be what the inboxes hold,
        // whichever partitioner wrote them.
        String bus = named ? local.orElse("?") : "";
        Inspector inspector = session.inspector();
        Progress progress = session.progress(total);
        List<TraceLine> lines = new ArrayList<>();
        for (ReadPlan plan : plans) {
            session.reader()
                    .read(
                            plan,
                            window,
                            record -> {
                                if (filters.admits(record)) {
                                    lines.add(TraceLine.of(inspector.inspect(record), bus));
                                }
                            },
                            progress);
        }
        progress.done();
        return lines;
    }
}
