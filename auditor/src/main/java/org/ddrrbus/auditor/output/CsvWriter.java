package org.ddrrbus.auditor.output;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.ddrrbus.auditor.check.Attributes;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.QuarantineNote;

/**
 * RFC 4180 CSV, one row per record, for spreadsheets. The event is one column of JSON: its fields differ by type, so
 * they cannot be columns of one sheet.
 */
final class CsvWriter implements RecordWriter {

    public static final List<String> COLUMNS = List.of(
            "topic",
            "partition",
            "offset",
            "timestamp",
            "key",
            "verification",
            "reason",
            "ce_id",
            "ce_source",
            "ce_type",
            "ce_time",
            "ce_subject",
            "event_type",
            "schema_version",
            "delivery_purpose",
            "legal_basis",
            "withheld",
            "quarantine_reason",
            "redacted",
            "event");

    private final Writer out;
    private final Redaction redaction;
    private long written;

    public CsvWriter(Writer out, Redaction redaction) throws IOException {
        this.out = out;
        this.redaction = redaction;
        row(COLUMNS);
    }

    @Override
    public void write(Inspection i) throws IOException {
        Attributes a = i.attributes();
        List<String> redacted = i.decoded().map(redaction::redactedIn).orElse(List.of());
        List<String> cells = new ArrayList<>();
        cells.add(i.topic());
        cells.add(Integer.toString(i.partition()));
        cells.add(Long.toString(i.offset()));
        cells.add(i.timestamp().toString());
        cells.add(i.key().orElse(""));
        cells.add(i.verdict().status());
        cells.add(i.verdict().reason().orElse(""));
        cells.add(a.id().orElse(""));
        cells.add(a.source().orElse(""));
        cells.add(a.type().orElse(""));
        cells.add(a.time().orElse(""));
        cells.add(a.subject().orElse(""));
        cells.add(i.eventType().orElse(""));
        cells.add(i.decoded().map(d -> Integer.toString(d.schemaVersion())).orElse(""));
        cells.add(i.terms().purpose().orElse(""));
        cells.add(i.terms().legalBasis().orElse(""));
        cells.add(String.join(";", i.terms().withheld()));
        cells.add(i.quarantine().flatMap(QuarantineNote::reason).orElse(""));
        cells.add(String.join(";", redacted));
        cells.add(i.decoded()
                .map(d -> Json.write(EventJson.of(d.event(), redacted)))
                .orElse(""));
        row(cells);
        written++;
    }

    private void row(List<String> cells) throws IOException {
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(c)));
        }
        out.write("\r\n");
    }

    /**
     * Quoted when needed; and a cell a spreadsheet would run as a formula gets a leading apostrophe, since what is on
     * the bus comes from other parties and must not execute on the auditor's machine.
     */
    static String cell(String value) {
        String text = value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !isNumber(text)) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static boolean isNumber(String text) {
        return text.matches("-?[0-9]+(\\.[0-9]+)?");
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
