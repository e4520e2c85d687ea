package org.ddrrbus.auditor.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.auditor.check.Decoded;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Verdict;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureConfirmation;
import org.ddrrbus.events.ErasureReceipt;
import org.ddrrbus.events.SubjectKeyAnswered;

/**
 * One answer to "which agency received which event about this person, when, under which purpose": one record of an
 * inbox, as it sits there.
 *
 * @param bus the national bus the record was read on, when the trace reads two linked buses; else empty
 * @param kind {@code delivery} (shared by another agency through the exchange), {@code own-copy} (the agency's own
 *     accepted event, returned as its receipt), {@code notice} (the exchange refused something the agency sent),
 *     {@code crossed} (the exchange let it leave for the other bus of a federation, whose name is then the agency,
 *     {@code bus <cc>}), {@code arrived} (delivered from the other bus, the sender named {@code <cc>/<agency>}), or
 *     {@code key-granted} / {@code key-refused} (the key holder's answer, in {@code ddrr.key-grants}, to the agency's
 *     request for one of the person's keys)
 * @param deliveredAt the inbox record's Kafka timestamp; the exchange writes it with the timestamp of the ledger
 *     record it delivers, so it is when the sender published, plus the exchange's commit interval at most. For a key
 *     answer, when the key holder recorded it
 * @param keyAnswer the key holder's answer, for a record of {@code ddrr.key-grants}
 */
public record TraceLine(
        String bus,
        String agency,
        String kind,
        String eventType,
        String eventId,
        String sender,
        String eventTime,
        Instant deliveredAt,
        Optional<String> purpose,
        Optional<String> legalBasis,
        List<String> withheld,
        String topic,
        int partition,
        long offset,
        Verdict verdict,
        Optional<ErasureReceipt> receipt,
        Optional<SubjectKeyAnswered> keyAnswer) {

    public TraceLine {
        withheld = List.copyOf(withheld);
    }

    public static TraceLine of(Inspection i) {
        return of(i, "");
    }

    /** One line read on {@code bus}. */
    public static TraceLine of(Inspection i, String bus) {
        Optional<FederationHeaders.Flow> crossing = FederationHeaders.flowOf(i.topic());
        Headers headers = new RecordHeaders(i.headers().toArray(new Header[0]));
        Optional<String> foreign = FederationHeaders.foreignSender(headers);
        String agency = crossing.map(f -> FederationHeaders.busParty(f.to()))
                .orElseGet(() -> Topics.inboxOwner(i.topic()).orElse(i.topic()));
        String sender = i.attributes().sourceAgency().orElse("?");
        String kind = sender.equals(agency) ? "own-copy" : sender.equals(Components.EXCHANGE) ? "notice" : "delivery";
        if (crossing.isPresent()) {
            kind = "crossed";
            sender = crossing.get().from() + "/" + sender;
        } else if (foreign.isPresent() && sender.equals(Components.EXCHANGE)) {
            kind = "arrived";
            sender = foreign.get();
        }
        Optional<SubjectKeyAnswered> keyAnswer = i.decoded()
                .map(Decoded::event)
                .filter(SubjectKeyAnswered.class::isInstance)
                .map(SubjectKeyAnswered.class::cast)
                .filter(a -> Topics.KEY_GRANTS.equals(i.topic()));
        if (Topics.KEY_GRANTS.equals(i.topic())) {
            agency = keyAnswer.map(SubjectKeyAnswered::getAgency).orElse("?");
            kind = keyAnswer
                    .map(a -> a.getGranted() ? "key-granted" : "key-refused")
                    .orElse("key-answer");
        }
        return new TraceLine(
                bus,
                agency,
                kind,
                i.eventType().orElse("?"),
                i.attributes().id().orElse("?"),
                sender,
                i.attributes().time().orElse("?"),
                i.timestamp(),
                i.terms().purpose(),
                i.terms().legalBasis(),
                i.terms().withheld(),
                i.topic(),
                i.partition(),
                i.offset(),
                i.verdict(),
                // A receipt names only case codes, components and times, so the trace may show it whole.
                i.decoded()
                        .map(Decoded::event)
                        .filter(ErasureReceipt.class::isInstance)
                        .map(ErasureReceipt.class::cast),
                keyAnswer);
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!bus.isEmpty()) {
            json.put("bus", bus);
        }
        json.put("agency", agency);
        json.put("kind", kind);
        json.put("eventType", eventType);
        json.put("eventId", eventId);
        json.put("sender", sender);
        json.put("eventTime", eventTime);
        json.put("deliveredAt", deliveredAt.toString());
        json.put("purpose", purpose.orElse(null));
        json.put("legalBasis", legalBasis.orElse(null));
        json.put("withheld", withheld);
        json.put("topic", topic);
        json.put("partition", partition);
        json.put("offset", offset);
        json.put("verification", RecordJson.verification(verdict));
        receipt.ifPresent(r -> json.put("erasure", erasure(r)));
        keyAnswer.ifPresent(a -> json.put("subjectKey", subjectKey(a)));
        return json;
    }

    private static Map<String, Object> subjectKey(SubjectKeyAnswered answer) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("use", answer.getUse().name().toLowerCase(Locale.ROOT));
        json.put("keyId", answer.getKeyId());
        json.put("signingKeyId", answer.getSigningKeyId());
        json.put("status", answer.getStatus());
        json.put("granted", answer.getGranted());
        json.put("requestedAt", answer.getRequestedAt().toString());
        json.put("answeredAt", answer.getAnsweredAt().toString());
        return json;
    }

    private static Map<String, Object> erasure(ErasureReceipt receipt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("erasureId", receipt.getErasureId());
        json.put("reason", receipt.getReason().name());
        json.put("requestedAt", receipt.getRequestedAt().toString());
        List<Map<String, Object>> confirmations = new ArrayList<>();
        for (ErasureConfirmation c : receipt.getConfirmations()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("component", c.getComponent());
            one.put("confirmedAt", c.getConfirmedAt().toString());
            one.put("confirmationId", c.getConfirmationId());
            confirmations.add(one);
        }
        json.put("confirmations", confirmations);
        return json;
    }

    /** The lines as an aligned table for a terminal. */
    public static String table(List<TraceLine> lines) {
        boolean buses = lines.stream().anyMatch(l -> !l.bus.isEmpty());
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of(
                "DELIVERED AT", "AGENCY", "KIND", "EVENT", "FROM", "PURPOSE", "LEGAL BASIS", "WITHHELD", "VERIFIED"));
        if (buses) {
            head.add(0, "BUS");
        }
        rows.add(head);
        for (TraceLine line : lines) {
            List<String> row = new ArrayList<>(List.of(
                    line.deliveredAt.toString(),
                    line.agency,
                    line.kind,
                    line.keyAnswer
                            .map(a -> line.eventType + " (" + a.getUse().name().toLowerCase(Locale.ROOT) + " "
                                    + a.getKeyId() + ": " + a.getStatus() + ")")
                            .orElse(line.eventType),
                    line.sender,
                    line.purpose.orElse("-"),
                    line.legalBasis.orElse("-"),
                    line.withheld.isEmpty() ? "-" : String.join(",", line.withheld),
                    line.verdict.status()));
            if (buses) {
                row.add(0, line.bus.isEmpty() ? "-" : line.bus);
            }
            rows.add(row);
        }
        int[] widths = new int[rows.get(0).size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                out.append(c == row.size() - 1 ? row.get(c) : String.format("%-" + widths[c] + "s  ", row.get(c)));
            }
            out.append(System.lineSeparator());
        }
        for (TraceLine line : lines) {
            if (line.receipt.isPresent() && line.kind.equals("own-copy")) {
                ErasureReceipt r = line.receipt.get();
                out.append(System.lineSeparator())
                        .append("ERASURE RECEIPT of ")
                        .append(r.getSubjectRef())
                        .append(" by ")
                        .append(line.sender)
                        .append(" (")
                        .append(line.verdict.status())
                        .append("): reason ")
                        .append(r.getReason().name())
                        .append(", asked at ")
                        .append(r.getRequestedAt())
                        .append(System.lineSeparator());
                for (ErasureConfirmation c : r.getConfirmations()) {
                    out.append(String.format(
                                    "  %-10s confirmed at %s  (event %s)",
                                    c.getComponent(), c.getConfirmedAt(), c.getConfirmationId()))
                            .append(System.lineSeparator());
                }
            }
        }
        return out.toString();
    }
}
