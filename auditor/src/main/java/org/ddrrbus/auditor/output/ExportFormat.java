package org.ddrrbus.auditor.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.ddrrbus.events.EventCatalogue;
import picocli.CommandLine;

/** The formats {@code audit export} writes. */
public enum ExportFormat {
    JSONL,
    CSV,
    AVRO;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public RecordWriter open(OutputStream out, EventCatalogue catalogue, Redaction redaction) throws IOException {
        return switch (this) {
            case JSONL ->
                new JsonLinesWriter(
                        new PrintWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), false),
                        redaction);
            case CSV ->
                new CsvWriter(new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)), redaction);
            case AVRO -> new AvroWriter(out, catalogue, redaction);
        };
    }

    /** Reads {@code jsonl}, {@code csv} or {@code avro}, in any case. */
    public static final class Converter implements CommandLine.ITypeConverter<ExportFormat> {
        @Override
        public ExportFormat convert(String value) {
            return Arrays.stream(values())
                    .filter(f -> f.id().equalsIgnoreCase(value))
                    .findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            "'" + value + "' is not a format: use jsonl, csv or avro"));
        }
    }
}
