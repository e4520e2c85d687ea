package org.ddrrbus.auditor.output;

import java.io.Closeable;
import java.io.IOException;
import org.ddrrbus.auditor.check.Inspection;

/** Writes inspected records in one of the auditor's formats. */
public sealed interface RecordWriter extends Closeable permits JsonLinesWriter, CsvWriter, AvroWriter {

    void write(Inspection inspection) throws IOException;

    /** How many records were written. */
    long written();
}
