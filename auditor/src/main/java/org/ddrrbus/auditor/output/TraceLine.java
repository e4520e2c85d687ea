package org.ddrrbus.auditor.output;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Verdict;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;

/**
 * One answer to "which agency received which event about this person, when, under which purpose": one record of an
 * inbox, as it sits there.
 *
 * @param kind {@code delivery} (shared by another agency through the exchange), {@code own-copy} (the agency's own
 *     accepted event, returned as its receipt) or {@code notice} (the exchange refused something the agency sent)
 * @param deliveredAt the inbox record's Kafka timestamp; the exchange writes it with the timestamp of the ledger
 *     record it delivers, so it is when the sender published, plus the exchange's commit interval at most
 */
public record TraceLine(
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
        Verdict verdict) {

    public TraceLine {
        withheld = List.copyOf(withheld);
    }

    public static TraceLine of(Inspection i) {
        String agency = Topics.inboxOwner(i.topic()).orElse(i.topic());
        String sender = i.attributes().sourceAgency().orElse("?");
        String kind = sender.equals(agency) ? "own-copy" : sender.equals(Components.EXCHANGE) ? "notice" : "delivery";
        return new TraceLine(
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
                i.verdict());
    }

    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
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
        return json;
    }

    /** The lines as an aligned table for a terminal. */
    public static String table(List<TraceLine> lines) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "DELIVERED AT", "AGENCY", "KIND", "EVENT", "FROM", "PURPOSE", "LEGAL BASIS", "WITHHELD", "VERIFIED"));
        for (TraceLine line : lines) {
            rows.add(List.of(
                    line.deliveredAt.toString(),
                    line.agency,
                    line.kind,
                    line.eventType,
                    line.sender,
                    line.purpose.orElse("-"),
                    line.legalBasis.orElse("-"),
                    line.withheld.isEmpty() ? "-" : String.join(",", line.withheld),
                    line.verdict.status()));
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
        return out.toString();
    }
}
