package org.ddrrbus.auditor.commands;

import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import picocli.CommandLine.Option;

/** Which records of a topic to replay or export: a range of offsets or times, and filters on key and headers. */
final class SelectionOptions {

    @Option(names = "--partition", paramLabel = "N", description = "Only this partition.")
    Integer partition;

    @Option(names = "--from-offset", paramLabel = "OFFSET", description = "First offset, in every partition read.")
    Long fromOffset;

    @Option(
            names = "--to-offset",
            paramLabel = "OFFSET",
            description = "Last offset (inclusive), in every partition read.")
    Long toOffset;

    @Option(
            names = "--from-time",
            paramLabel = "TIME",
            converter = InstantConverter.class,
            description = "Records timestamped at or after this time (ISO-8601, e.g. 2026-05-01T08:00:00Z, or a date).")
    Instant fromTime;

    @Option(
            names = "--to-time",
            paramLabel = "TIME",
            converter = InstantConverter.class,
            description = "Records timestamped at or before this time (a date means its midnight, UTC).")
    Instant toTime;

    @Option(names = "--subject", paramLabel = "SUBJECT_REF", description = "Only records keyed by this case code.")
    String subject;

    @Option(names = "--type", paramLabel = "EVENT", description = "Only this event type, e.g. ReferralIssued.")
    String type;

    @Option(names = "--agency", paramLabel = "AGENCY", description = "Only events whose ce_source is this agency.")
    String agency;

    @Option(
            names = "--delivery-purpose",
            paramLabel = "PURPOSE",
            description = "Only deliveries the exchange made for this purpose (ddrr_purpose).")
    String deliveryPurpose;

    Window window() {
        if (fromOffset != null && fromTime != null) {
            throw AuditFailure.badInput("give --from-offset or --from-time, not both");
        }
        if (toOffset != null && toTime != null) {
            throw AuditFailure.badInput("give --to-offset or --to-time, not both");
        }
        return new Window(
                Optional.ofNullable(partition),
                Optional.ofNullable(fromOffset),
                Optional.ofNullable(toOffset),
                Optional.ofNullable(fromTime),
                Optional.ofNullable(toTime));
    }

    Filters filters(Session session) {
        return session.filters(subject, type, agency, deliveryPurpose);
    }
}
