package org.ddrrbus.client.envelope;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;

/**
 * Reads an event body in the wire format (single-object encoded Avro, {@link EventCodec}): its schema by fingerprint
 * from the catalogue, then the body with that schema resolved to the generated class. Every way a body can be bad is a
 * {@link RefusedException}.
 */
final class BodyDecoder {

    /** A body read: the event, its type and the version of the schema it was written with. */
    record Decoded(SpecificRecord event, EventType<?> type, int version) {}

    private final EventCatalogue catalogue;
    private final Map<Long, DatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

    BodyDecoder(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** The event in a single-object encoded value, or a {@link RefusedException} saying why there is none. */
    Decoded decode(byte[] value) {
        if (SubjectCipher.isSealed(value)) {
            throw new RefusedException(new Rejection.NotAvro(
                    "the value is sealed under a person's key (DD 53): it opens only with its headers and the key"));
        }
        if (value == null
                || value.length < EventCodec.HEADER_LENGTH
                || value[0] != EventCodec.MAGIC_0
                || value[1] != EventCodec.MAGIC_1) {
            throw new RefusedException(
                    new Rejection.NotAvro("the value is not Avro single-object encoded (no C3 01 marker)"));
        }
        long fingerprint =
                ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        var found = catalogue
                .byFingerprint(fingerprint)
                .orElseThrow(() -> new RefusedException(new Rejection.UnknownSchema(fingerprint)));
        EventType<?> type = found.getKey();
        DatumReader<SpecificRecord> reader = readers.computeIfAbsent(
                fingerprint, f -> readerFor(type, found.getValue().schema()));
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(value, EventCodec.HEADER_LENGTH, value.length - EventCodec.HEADER_LENGTH, null);
        try {
            SpecificRecord event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RefusedException(new Rejection.MalformedBody(type.name(), "trailing bytes after the body"));
            }
            Subjects.of(event);
            return new Decoded(event, type, found.getValue().version());
        } catch (RefusedException refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            // Any failure to decode a record whose fingerprint we know is the record's fault, never the reader's:
            // besides Avro's own exceptions, a length or count beyond Avro's limits is an
            // UnsupportedOperationException.
            // The detail reaches caseworkers (DeliveryRejected) and auditors: say what is wrong, not which class said
            // so.
            String problem = e instanceof EOFException
                    ? "it ends before its last field (truncated?)"
                    : e.getMessage() == null ? "it cannot be decoded with its schema" : firstLine(e.getMessage());
            throw new RefusedException(new Rejection.MalformedBody(type.name(), problem));
        }
    }

    /**
     * Resolves the writer's version to the generated class's schema, whose string properties make Avro produce
     * {@code java.lang.String} rather than {@code Utf8}; its fingerprint equals the latest schema file's.
     */
    private static DatumReader<SpecificRecord> readerFor(EventType<?> type, Schema writer) {
        SpecificData model = SpecificData.getForClass(type.javaClass());
        return new SpecificDatumReader<>(writer, model.getSchema(type.javaClass()), model);
    }

    private static String firstLine(String message) {
        return OneLine.first(message, 200);
    }
}
