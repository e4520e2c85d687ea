package org.ddrrbus.auditor.commands;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.access.AccessRequest;
import org.ddrrbus.auditor.bus.Progress;
import org.ddrrbus.auditor.bus.ReadPlan;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.check.Verdict;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AuditOperation;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code audit verify}: reads whole topics and counts what verifies and what does not. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify every record of a topic (or of every outbox and inbox): wire format and schema, the "
                    + "sender's signature, the exchange's countersignature, and the sharing agreement.",
            "Prints the counts and the partition and offset of every failure; exits 1 when anything fails."
        })
public final class VerifyCommand extends AuditRun {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Scope scope;

    static final class Scope {
        @Option(
                names = "--topic",
                paramLabel = "TOPIC",
                description = "ddrr.outbox.<agency>, ddrr.inbox.<agency>, ddrr.quarantine or ddrr.key-grants.")
        String topic;

        @Option(names = "--all", description = "Every outbox and inbox on the bus.")
        boolean all;
    }

    @Option(
            names = "--purpose",
            paramLabel = "PURPOSE",
            description = "Why you verify: a purpose of the sharing agreement; recorded with this access.")
    String purpose;

    @Mixin
    TicketOption reference;

    @Override
    protected int run(Session session) {
        Optional<String> why = session.purpose(purpose);
        Optional<String> ticket = reference.of(session);
        List<String> topics = scope.all
                ? session.reader()
                        .topics(t -> Topics.outboxOwner(t).isPresent()
                                || Topics.inboxOwner(t).isPresent())
                : List.of(session.auditedTopic(scope.topic));
        if (topics.isEmpty()) {
            throw AuditFailure.badInput("no outbox or inbox is visible to the auditor");
        }
        Window window = Window.whole();
        List<ReadPlan> plans =
                topics.stream().map(t -> session.reader().plan(t, window)).toList();
        long total = plans.stream().mapToLong(ReadPlan::size).sum();
        // Verify shows no event content, so nothing is ever unredacted; the access is recorded all the same.
        session.record(new AccessRequest(
                AuditOperation.VERIFY, topics, why, ticket, window, Filters.none(), Optional.empty(), false, total));

        Inspector inspector = session.inspector();
        Progress progress = session.progress(total);
        List<Tally> tallies = new ArrayList<>();
        // Records are judged on every core while the reader fetches; the tallies get them in read order.
        try (ParallelInspection inspecting =
                new ParallelInspection(inspector, Runtime.getRuntime().availableProcessors())) {
            for (ReadPlan plan : plans) {
                Tally tally = new Tally(plan.topic());
                inspecting.handTo(tally::add);
                session.reader().read(plan, window, inspecting::inspect, progress);
                inspecting.finish();
                tallies.add(tally);
            }
        }
        progress.done();

        Tally all = new Tally("total");
        for (Tally tally : tallies) {
            session.out().println(tally.summary());
            tally.failures.forEach(session.out()::println);
            tally.warnings.forEach(session.out()::println);
            all.merge(tally);
        }
        if (tallies.size() > 1) {
            session.out().println(all.summary());
        }
        session.out().flush();
        if (all.failed() > 0) {
            throw AuditFailure.foundProblems(all.failed() + " of " + all.records + " records fail verification");
        }
        return 0;
    }

    /** Counts per status, and a line per failure. */
    static final class Tally {
        private final String topic;
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private final List<String> failures = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private long records;
        private long sealed;

        Tally(String topic) {
            this.topic = topic;
            Verdict.STATUSES.forEach(s -> counts.put(s, 0L));
        }

        void add(Inspection inspection) {
            Verdict verdict = inspection.verdict();
            records++;
            counts.merge(verdict.status(), 1L, Long::sum);
            if (verdict.passed() && SubjectCipher.isSealed(inspection.value())) {
                sealed++;
            }
            if (!verdict.passed()) {
                failures.add("  " + verdict.status() + " at partition " + inspection.partition() + " offset "
                        + inspection.offset() + ": " + verdict.reason().orElse(""));
            }
            // A warning does not fail the record: it verified, but someone should know, e.g. its key was later revoked.
            if (verdict instanceof Verdict.Verified verified) {
                verified.warnings()
                        .forEach(warning -> warnings.add("  warning at partition " + inspection.partition() + " offset "
                                + inspection.offset() + ": " + warning));
            }
        }

        void merge(Tally other) {
            records += other.records;
            sealed += other.sealed;
            warnings.addAll(other.warnings);
            other.counts.forEach((status, count) -> counts.merge(status, count, Long::sum));
        }

        long failed() {
            return records - counts.get("verified");
        }

        String summary() {
            return topic + ": " + records + (records == 1 ? " record: " : " records: ") + counts.get("verified")
                    + " verified, "
                    + counts.get("bad-signature") + " bad signature, " + counts.get("key-revoked") + " key revoked, "
                    + counts.get("key-not-valid") + " key not valid, " + counts.get("unsigned") + " unsigned, "
                    + counts.get("unknown-schema") + " unknown schema, " + counts.get("malformed") + " malformed, "
                    + counts.get("policy-violation") + " policy violation"
                    + (sealed == 0
                            ? ""
                            : "; " + sealed + " of the verified sealed under a person's key (signatures"
                                    + " and headers checked, the body not read)")
                    + (warnings.isEmpty()
                            ? ""
                            : "; " + warnings.size() + (warnings.size() == 1 ? " warning" : " warnings"));
        }
    }
}
