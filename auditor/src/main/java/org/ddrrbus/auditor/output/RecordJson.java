package org.ddrrbus.auditor.output;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.auditor.check.Attributes;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.QuarantineNote;
import org.ddrrbus.auditor.check.Verdict;
import org.ddrrbus.client.envelope.DeliveryTerms;

/** One inspected record as one JSON object: where it is, its verdict, its attributes and terms, and its event. */
final class RecordJson {

    private RecordJson() {}

    public static Map<String, Object> of(Inspection inspection, Redaction redaction) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", inspection.topic());
        json.put("partition", inspection.partition());
        json.put("offset", inspection.offset());
        json.put("timestamp", inspection.timestamp().toString());
        json.put("key", inspection.key().orElse(null));
        json.put("verification", verification(inspection.verdict()));
        json.put("attributes", attributes(inspection.attributes()));
        if (!inspection.terms().isEmpty()) {
            json.put("delivery", delivery(inspection.terms()));
        }
        inspection.quarantine().ifPresent(note -> json.put("quarantine", quarantine(note)));
        json.put("eventType", inspection.eventType().orElse(null));
        if (inspection.decoded().isPresent()) {
            List<String> redacted = redaction.redactedIn(inspection.decoded().get());
            json.put("schemaVersion", inspection.decoded().get().schemaVersion());
            json.put("event", EventJson.of(inspection.decoded().get().event(), redacted));
            if (!redacted.isEmpty()) {
                json.put("redacted", redacted);
            }
        } else {
            json.put("event", null);
        }
        return json;
    }

    public static Map<String, Object> verification(Verdict verdict) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", verdict.status());
        verdict.reason().ifPresent(reason -> json.put("reason", reason));
        if (verdict instanceof Verdict.Verified verified) {
            json.put("signedBy", verified.signedBy());
            if (!verified.warnings().isEmpty()) {
                json.put("warnings", verified.warnings());
            }
        }
        return json;
    }

    private static Map<String, Object> attributes(Attributes a) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "specversion", a.specVersion());
        put(json, "id", a.id());
        put(json, "source", a.source());
        put(json, "type", a.type());
        put(json, "time", a.time());
        put(json, "subject", a.subject());
        put(json, "datacontenttype", a.contentType());
        return json;
    }

    private static Map<String, Object> delivery(DeliveryTerms terms) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "purpose", terms.purpose());
        put(json, "legalBasis", terms.legalBasis());
        json.put("withheld", terms.withheld());
        return json;
    }

    private static Map<String, Object> quarantine(QuarantineNote note) {
        Map<String, Object> json = new LinkedHashMap<>();
        put(json, "reason", note.reason());
        put(json, "detail", note.detail());
        put(json, "sourceTopic", note.sourceTopic());
        put(json, "sourcePartition", note.sourcePartition());
        put(json, "sourceOffset", note.sourceOffset());
        put(json, "quarantinedBy", note.quarantinedBy());
        put(json, "quarantinedAt", note.quarantinedAt());
        return json;
    }

    private static void put(Map<String, Object> json, String name, Optional<String> value) {
        value.ifPresent(v -> json.put(name, v));
    }
}
