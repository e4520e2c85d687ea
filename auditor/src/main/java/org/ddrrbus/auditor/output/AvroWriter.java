package org.ddrrbus.auditor.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Header;
import org.ddrrbus.auditor.check.Attributes;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.QuarantineNote;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;

/**
 * An Avro object container file, readable by any Avro tool without this project's code.
 *
 * <p>One file, one row schema: where the record sat, its attributes and verdict, and the event itself as a union of
 * every event type's own (latest) schema. A union keeps the whole export in log order in one file while each event
 * keeps its real types (enums, dates, lists) — a JSON string column would make every reader parse twice and lose
 * them, and one file per type would lose the order across types. Redacted fields are emptied (every protected field
 * is optional, since only optional fields can be withheld) and named in {@code redacted}.
 *
 * <p>The stored value bytes, which would let anyone re-check the signatures independently, are included only when
 * protected fields may be shown, since they contain them.
 */
final class AvroWriter implements RecordWriter {

    public static final String NAMESPACE = "org.ddrrbus.audit";

    private final Schema schema;
    private final Schema headerSchema;
    private final Redaction redaction;
    private final DataFileWriter<GenericRecord> file;
    private long written;

    public AvroWriter(OutputStream out, EventCatalogue catalogue, Redaction redaction) throws IOException {
        this.schema = rowSchema(catalogue);
        this.headerSchema = schema.getField("headers").schema().getElementType();
        this.redaction = redaction;
        SpecificData model = new SpecificData();
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMicrosConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.TimeMicrosConversion());
        this.file = new DataFileWriter<GenericRecord>(new SpecificDatumWriter<>(schema, model))
                .setCodec(CodecFactory.deflateCodec(6));
        file.setMeta("ddrr.purpose.shows-protected", Boolean.toString(redaction.showsProtected()));
        file.create(schema, out);
    }

    public static Schema rowSchema(EventCatalogue catalogue) {
        List<Schema> events = new ArrayList<>();
        events.add(Schema.create(Schema.Type.NULL));
        catalogue.types().stream()
                .map(EventType::latest)
                .map(EventType.VersionedSchema::schema)
                .forEach(events::add);
        Schema header = SchemaBuilder.record("Header")
                .namespace(NAMESPACE)
                .doc("A Kafka header as stored: CloudEvents attributes, delivery terms, signatures.")
                .fields()
                .requiredString("name")
                .optionalBytes("value")
                .endRecord();
        return SchemaBuilder.record("AuditExportRow")
                .namespace(NAMESPACE)
                .doc("One record of the bus as the auditor exported it.")
                .fields()
                .requiredString("topic")
                .requiredInt("partition")
                .requiredLong("offset")
                .name("timestamp")
                .doc("Kafka record timestamp")
                .type(LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG)))
                .noDefault()
                .optionalString("key")
                .name("verification")
                .doc("verified, bad-signature, unsigned, unknown-schema, malformed or policy-violation")
                .type()
                .stringType()
                .noDefault()
                .optionalString("reason")
                .optionalString("ceId")
                .optionalString("ceSource")
                .optionalString("ceType")
                .optionalString("ceTime")
                .optionalString("ceSubject")
                .optionalString("eventType")
                .optionalInt("schemaVersion")
                .optionalString("deliveryPurpose")
                .optionalString("legalBasis")
                .name("withheld")
                .doc("Fields the exchange withheld from this recipient")
                .type()
                .array()
                .items()
                .stringType()
                .noDefault()
                .optionalString("quarantineReason")
                .optionalString("quarantineDetail")
                .optionalString("quarantineSourceTopic")
                .name("redacted")
                .doc("Fields emptied in this export because the purpose did not allow them")
                .type()
                .array()
                .items()
                .stringType()
                .noDefault()
                .name("event")
                .doc("The decoded event, or null when it could not be read")
                .type(Schema.createUnion(events))
                .noDefault()
                .name("headers")
                .type()
                .array()
                .items(header)
                .noDefault()
                .name("value")
                .doc("The value bytes as stored; only when protected fields may be shown")
                .type()
                .optional()
                .bytesType()
                .endRecord();
    }

    public Schema schema() {
        return schema;
    }

    @Override
    public void write(Inspection i) throws IOException {
        Attributes a = i.attributes();
        GenericRecord row = new GenericData.Record(schema);
        row.put("topic", i.topic());
        row.put("partition", i.partition());
        row.put("offset", i.offset());
        row.put("timestamp", i.timestamp().toEpochMilli());
        row.put("key", i.key().orElse(null));
        row.put("verification", i.verdict().status());
        row.put("reason", i.verdict().reason().orElse(null));
        row.put("ceId", a.id().orElse(null));
        row.put("ceSource", a.source().orElse(null));
        row.put("ceType", a.type().orElse(null));
        row.put("ceTime", a.time().orElse(null));
        row.put("ceSubject", a.subject().orElse(null));
        row.put("eventType", i.eventType().orElse(null));
        row.put("schemaVersion", i.decoded().map(d -> d.schemaVersion()).orElse(null));
        row.put("deliveryPurpose", i.terms().purpose().orElse(null));
        row.put("legalBasis", i.terms().legalBasis().orElse(null));
        row.put("withheld", i.terms().withheld());
        row.put(
                "quarantineReason",
                i.quarantine().flatMap(QuarantineNote::reason).orElse(null));
        row.put(
                "quarantineDetail",
                i.quarantine().flatMap(QuarantineNote::detail).orElse(null));
        row.put(
                "quarantineSourceTopic",
                i.quarantine().flatMap(QuarantineNote::sourceTopic).orElse(null));
        row.put("redacted", i.decoded().map(redaction::redactedIn).orElse(List.of()));
        row.put("event", i.decoded().map(redaction::redactedCopy).orElse(null));
        List<GenericRecord> headers = new ArrayList<>();
        for (Header h : i.headers()) {
            GenericRecord header = new GenericData.Record(headerSchema);
            header.put("name", h.key());
            header.put("value", h.value() == null ? null : ByteBuffer.wrap(h.value()));
            headers.add(header);
        }
        row.put("headers", headers);
        row.put("value", redaction.showsProtected() ? ByteBuffer.wrap(i.value()) : null);
        file.append(row);
        written++;
    }

    @Override
    public long written() {
        return written;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
