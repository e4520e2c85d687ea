package org.ddrrbus.auditor.output;

import java.io.PrintWriter;
import org.ddrrbus.auditor.check.Inspection;

/** One JSON object per line, per record. */
public final class JsonLinesWriter implements RecordWriter {

    private final PrintWriter out;
    private final Redaction redaction;
    private long written;

    public JsonLinesWriter(PrintWriter out, Redaction redaction) {
        this.out = out;
        this.redaction = redaction;
    }

    @Override
    public void write(Inspection inspection) {
        out.println(Json.write(RecordJson.of(inspection, redaction)));
        written++;
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void close() {
        out.flush();
    }
}
