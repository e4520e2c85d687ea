package org.ddrrbus.casework.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.casefile.TimelineEntry;
import org.ddrrbus.casework.inbox.DeliveryTracker;
import org.ddrrbus.casework.inbox.Rejections;
import org.ddrrbus.casework.referral.Referral;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.springframework.stereotype.Component;

/**
 * What the pages show of the read models, in the chosen language: referrals with their deadline said plainly, a
 * timeline field by field with withheld fields marked, and what the exchange did with each action.
 */
@Component
class Views {

    /** A referral as a row of the inbox or a card of the case page. */
    record ReferralRow(
            String referralId,
            String subjectRef,
            String from,
            String to,
            String services,
            String priority,
            String status,
            String statusCode,
            String due,
            boolean overdue,
            String answer) {}

    /** A referral on the case page, with the forms that act on it. */
    record ReferralCard(ReferralRow row, List<FormView> forms) {}

    /** One field of an event on the timeline; {@code withheld} when the agreement kept it from this agency. */
    record Detail(String label, String value, boolean withheld) {}

    /** One event on a case's timeline. */
    record TimelineRow(String time, String event, String from, String purpose, List<Detail> details) {}

    /** What became of an action: {@code state} is delivered, pending or refused. */
    record Outcome(
            String action,
            String about,
            String eventId,
            String time,
            String state,
            String stateLabel,
            String reason,
            String detail,
            String fix) {}

    /** A refusal of one of this agency's events, with what to do about it. */
    record Refusal(String time, String event, String subjectRef, String reason, String detail, String fix) {}

    /**
     * Where on the bus the exchange read a refused event: for the people who run the bus (the dashboard, the audit), not
     * for the staff, who find the event by its action and time.
     */
    private static final Set<String> TRANSPORT = Set.of("sourceTopic", "sourcePartition", "sourceOffset");

    private final Labels labels;
    private final DeliveryTracker deliveries;
    private final Rejections rejections;
    private final ReferralDeadline deadline = ReferralDeadline.systemUtc();

    Views(Labels labels, DeliveryTracker deliveries, Rejections rejections) {
        this.labels = labels;
        this.deliveries = deliveries;
        this.rejections = rejections;
    }

    ReferralRow row(Referral r) {
        boolean overdue = r.overdue(deadline);
        String due = "";
        if (r.status() == org.ddrrbus.casework.referral.ReferralStatus.ISSUED && r.dueBy() != null) {
            Duration left = Duration.between(Instant.now(), r.dueBy());
            due = overdue
                    ? labels.word("due.overdue", "overdue by {1} (was due {0})", when(r.dueBy()), span(left.negated()))
                    : labels.word("due.by", "due by {0} (in {1})", when(r.dueBy()), span(left));
        }
        String answer = r.reasonCode() != null
                ? labels.word(
                        "enum.DeclineReason." + r.reasonCode(),
                        labels.word("enum.WithdrawalReason." + r.reasonCode(), r.reasonCode()))
                : r.outcome() != null ? labels.word("enum.ReferralOutcome." + r.outcome(), r.outcome()) : "";
        return new ReferralRow(
                r.referralId(),
                r.subjectRef(),
                // A referral that crossed from another bus names its agency with that bus ("iom (so)"): the name of
                // the agency of the same code on this bus would be someone else's.
                r.fromBus() == null ? agency(r.from()) : r.referrer(),
                agency(r.to()),
                r.services().stream().map(labels::symbol).collect(Collectors.joining(", ")),
                labels.symbol(r.priority()),
                labels.word("status." + r.status().name(), r.status().name()),
                r.status().name().toLowerCase(java.util.Locale.ROOT),
                due,
                overdue,
                answer);
    }

    TimelineRow timeline(TimelineEntry entry) {
        List<Detail> details = new ArrayList<>();
        SpecificRecord record = entry.record();
        if (record != null) {
            for (Schema.Field field : record.getSchema().getFields()) {
                if (field.name().equals("subjectRef") || TRANSPORT.contains(field.name())) {
                    continue;
                }
                String label = labels.word("field." + field.name(), field.name());
                if (entry.withheld().contains(field.name())) {
                    details.add(new Detail(label, labels.word("withheld", "withheld"), true));
                    continue;
                }
                Object value = record.get(field.pos());
                if (field.name().equals("detail") && !Labels.english()) {
                    value = null; // the exchange's English line: the reason beside it says it in this language
                }
                if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
                    details.add(new Detail(label, detail(field.name(), value), false));
                }
            }
        }
        return new TimelineRow(
                when(entry.time()),
                labels.word("event." + entry.event(), entry.event()),
                agency(entry.from()),
                entry.purpose() == null || entry.purpose().isEmpty()
                        ? ""
                        : labels.word("purposes." + entry.purpose(), entry.purpose()),
                details);
    }

    /** A field's value in the chosen language: purposes and agencies by their names, events by theirs. */
    private String detail(String field, Object value) {
        return switch (field) {
            case "purpose", "purposes" -> purposes(value);
            case "toAgency", "referringAgency" -> agency(String.valueOf(value));
            // The refused event's Avro type (org.ddrrbus.events.ReferralIssued) by its event's name.
            case "rejectedEventType" -> {
                String type = String.valueOf(value);
                String event = type.substring(type.lastIndexOf('.') + 1);
                yield labels.word("event." + event, event);
            }
            default -> value(value);
        };
    }

    Outcome outcome(RecentActions.Sent sent) {
        DeliveryTracker.Status status = deliveries
                .status(sent.eventId())
                .orElse(new DeliveryTracker.Status(sent.eventId(), "pending", null, null));
        String state = switch (status.state()) {
            case "accepted" -> "delivered";
            case "rejected" -> "refused";
            default -> "pending";
        };
        return new Outcome(
                labels.word("action." + sent.action(), sent.action()),
                sent.about(),
                sent.eventId(),
                when(sent.at()),
                state,
                labels.word("delivery." + state, state),
                status.reason() == null ? "" : labels.word("enum.RejectionReason." + status.reason(), status.reason()),
                exchangeWords(status.detail()),
                status.reason() == null
                        ? state.equals("pending") ? labels.word("delivery.pending.fix", "") : ""
                        : labels.word("refusal.fix." + status.reason(), ""));
    }

    List<Refusal> refusals() {
        List<Refusal> list = new ArrayList<>();
        for (Rejections.Rejected r : rejections.all()) {
            list.add(
                    0,
                    new Refusal(
                            when(r.time()),
                            labels.word("event." + r.rejectedEventType(), r.rejectedEventType()),
                            r.subjectRef() == null ? "" : r.subjectRef(),
                            labels.word("enum.RejectionReason." + r.reason(), r.reason()),
                            exchangeWords(r.detail()),
                            labels.word("refusal.fix." + r.reason(), "")));
        }
        return list;
    }

    /**
     * The exchange's own one-line detail of a refusal, which it writes in English for every reader of the bus: shown on
     * an English page only. In Kiswahili the page says the refusal by its reason and what to do, both from the bundles.
     */
    private static String exchangeWords(String detail) {
        return detail == null || !Labels.english() ? "" : detail;
    }

    /**
     * A consent of the case file ({@code CONSENT-X: p1,p2}, with {@code (withdrawn)} or {@code (withdrawn: p1)}
     * after it), its purposes and its withdrawal named in the chosen language.
     */
    String consent(String entry) {
        int colon = entry.indexOf(": ");
        if (colon < 0) {
            return entry;
        }
        String rest = entry.substring(colon + 2);
        String withdrawn = null;
        int mark = rest.indexOf(" (withdrawn");
        if (mark >= 0 && rest.endsWith(")")) {
            withdrawn = rest.substring(mark + " (withdrawn".length(), rest.length() - 1);
            rest = rest.substring(0, mark);
        }
        String shown = entry.substring(0, colon) + ": " + purposes(List.of(rest.split(",")));
        if (withdrawn == null) {
            return shown;
        }
        return shown + " ("
                + (withdrawn.startsWith(": ")
                        ? labels.word(
                                "case.withdrawnFor",
                                "withdrawn: {0}",
                                purposes(List.of(withdrawn.substring(2).split(","))))
                        : labels.word("case.withdrawn", "withdrawn"))
                + ")";
    }

    /** Purposes of the sharing agreement by their names in the chosen language. */
    private String purposes(Object value) {
        List<?> ids = value instanceof List<?> list ? list : List.of(value);
        return ids.stream()
                .map(id -> String.valueOf(id).strip())
                .filter(id -> !id.isEmpty())
                .map(id -> labels.word("purposes." + id, id))
                .collect(Collectors.joining(", "));
    }

    String agency(String id) {
        return labels.word("agency." + id, id);
    }

    String when(Instant instant) {
        return instant == null
                ? ""
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(Labels.locale())
                        .withZone(ZoneId.systemDefault())
                        .format(instant);
    }

    private String span(Duration d) {
        long hours = Math.max(0, d.toHours());
        if (hours >= 48) {
            return labels.word("span.days", "{0} days", hours / 24);
        }
        if (hours >= 1) {
            return labels.word("span.hours", "{0} h", hours);
        }
        return labels.word("span.minutes", "{0} min", Math.max(0, d.toMinutes()));
    }

    private String value(Object value) {
        if (value instanceof Enum<?> symbol) {
            return labels.symbol(symbol);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::value).collect(Collectors.joining(", "));
        }
        if (value instanceof Instant instant) {
            return when(instant);
        }
        return value.toString();
    }
}
