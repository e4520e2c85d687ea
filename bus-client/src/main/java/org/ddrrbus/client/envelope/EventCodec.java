package org.ddrrbus.client.envelope;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;

/**
 * Writes and reads events in the bus's wire format: an Avro single-object encoded value ({@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the writer's schema, the binary body) with CloudEvents binary-mode headers,
 * keyed by subject.
 *
 * <p>With a {@link SubjectCipher} ({@link #sealingWith}), the value of an event about a person is sealed under the
 * person's data key before it is sent, and opened again on reading while the key is held; without one, a sealed
 * value is refused as {@link Rejection.KeyUnavailable}. Signatures cover the value as sent, the sealed bytes.
 *
 * <p>Reading never throws on bad input: every way a record can be malformed becomes a {@link Rejection}, so one bad
 * record can be quarantined without stopping the consumer behind it.
 */
public final class EventCodec {

    public static final int DEFAULT_MAX_RECORD_BYTES = 256 * 1024;
    static final byte MAGIC_0 = (byte) 0xC3;
    static final byte MAGIC_1 = (byte) 0x01;
    static final int HEADER_LENGTH = 10;

    private final EventCatalogue catalogue;
    private final BodyDecoder bodies;
    private final int maxRecordBytes;
    private final SubjectCipher cipher;
    private final boolean sealedOnly;

    public EventCodec() {
        this(EventCatalogue.get(), DEFAULT_MAX_RECORD_BYTES);
    }

    public EventCodec(EventCatalogue catalogue, int maxRecordBytes) {
        this(catalogue, maxRecordBytes, null, false);
    }

    private EventCodec(EventCatalogue catalogue, int maxRecordBytes, SubjectCipher cipher, boolean sealedOnly) {
        this.catalogue = catalogue;
        this.bodies = new BodyDecoder(catalogue);
        this.maxRecordBytes = maxRecordBytes;
        this.cipher = cipher;
        this.sealedOnly = sealedOnly;
    }

    /** This codec, sealing what it sends about a person and opening what it reads with {@code cipher}'s keys. */
    public EventCodec sealingWith(SubjectCipher cipher) {
        return new EventCodec(catalogue, maxRecordBytes, cipher, sealedOnly);
    }

    /**
     * This codec, refusing a plain value of an event that must be sealed ({@link SubjectCipher#sealable}) as
     * {@link Rejection.NotSealed}: how the exchange of a bus whose partners all seal keeps plaintext off it.
     */
    public EventCodec requiringSealed() {
        return new EventCodec(catalogue, maxRecordBytes, cipher, true);
    }

    /** This codec without the sealing requirement, for a reader that applies it later ({@link SubjectCipher#notSealed}). */
    public EventCodec acceptingPlain() {
        return new EventCodec(catalogue, maxRecordBytes, cipher, false);
    }

    /** Whether this codec refuses plain values of events that must be sealed. */
    public boolean requiresSealed() {
        return sealedOnly;
    }

    /** The cipher this codec seals and opens with, if any. */
    public Optional<SubjectCipher> cipher() {
        return Optional.ofNullable(cipher);
    }

    public EventCatalogue catalogue() {
        return catalogue;
    }

    /** A new envelope for an event published now by {@code sender}. */
    public Envelope envelope(String sender, SpecificRecord event) {
        EventType<?> type = catalogue.byClass(event.getClass());
        return new Envelope(
                UUID.randomUUID().toString(),
                sender,
                Instant.now(),
                Subjects.of(event),
                event,
                type,
                type.latest().version());
    }

    /** The record to send: single-object encoded value, CloudEvents headers, key = subject. */
    public ProducerRecord<String, byte[]> seal(String topic, Envelope envelope) {
        Headers headers = new RecordHeaders();
        put(headers, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        put(headers, CloudEventHeaders.ID, envelope.id());
        put(headers, CloudEventHeaders.SOURCE, CloudEventHeaders.sourceOf(envelope.sender()));
        put(headers, CloudEventHeaders.TYPE, envelope.type().cloudEventType());
        put(headers, CloudEventHeaders.TIME, envelope.time().toString());
        put(headers, CloudEventHeaders.SUBJECT, envelope.subject());
        put(headers, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.AVRO_CONTENT_TYPE);
        byte[] value = encode(envelope.event());
        if (cipher != null && SubjectCipher.sealable(envelope.typeName(), envelope.subject())) {
            value = cipher.seal(
                    envelope.typeName(),
                    envelope.id(),
                    envelope.type().cloudEventType(),
                    envelope.subject(),
                    envelope.time(),
                    value);
        }
        return new ProducerRecord<>(topic, null, envelope.subject(), value, headers);
    }

    /** Single-object encoding of an event with the latest version of its schema. */
    public byte[] encode(SpecificRecord event) {
        EventType<?> type = catalogue.byClass(event.getClass());
        EventType.VersionedSchema latest = type.latest();
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC_0);
        out.write(MAGIC_1);
        out.writeBytes(ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putLong(latest.fingerprint())
                .array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        DatumWriter<SpecificRecord> writer =
                new SpecificDatumWriter<>(event.getSchema(), SpecificData.getForClass(type.javaClass()));
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + type.name() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    public Opened open(ConsumerRecord<String, byte[]> record) {
        return open(
                new RecordOrigin(record.topic(), record.partition(), record.offset(), record.key()),
                record.headers(),
                record.value());
    }

    /** Reads a record, checking the wire format, the schema and that the headers agree with the body. */
    public Opened open(RecordOrigin origin, Headers headers, byte[] value) {
        try {
            return new Opened.Valid(read(origin, headers, value), value, headers, origin);
        } catch (RefusedException refused) {
            return new Opened.Refused(refused.rejection, value, headers, origin);
        }
    }

    /** Decodes a single-object encoded body alone, without headers. */
    public SpecificRecord decode(byte[] value) {
        return readBody(value).event();
    }

    /** An event body read on its own: the event, its type's name and the version of the schema it was written with. */
    public record Body(SpecificRecord event, String typeName, int version) {}

    /**
     * Reads a body without its headers, e.g. to show an auditor a record refused for its headers.
     *
     * @throws IllegalArgumentException saying why it cannot be read
     */
    public Body readBody(byte[] value) {
        try {
            BodyDecoder.Decoded decoded = bodies.decode(value);
            return new Body(decoded.event(), decoded.type().name(), decoded.version());
        } catch (RefusedException refused) {
            throw new IllegalArgumentException(refused.rejection.detail());
        }
    }

    private Envelope read(RecordOrigin origin, Headers headers, byte[] value) {
        if (value == null || value.length == 0) {
            throw new RefusedException(new Rejection.NotAvro("the record has no value"));
        }
        if (value.length > maxRecordBytes) {
            throw new RefusedException(new Rejection.Oversized(value.length, maxRecordBytes));
        }
        for (String name : CloudEventHeaders.REQUIRED) {
            RequiredHeader.of(headers, name);
        }
        String specVersion = RequiredHeader.of(headers, CloudEventHeaders.SPEC_VERSION);
        if (!CloudEventHeaders.SPEC_VERSION_1_0.equals(specVersion)) {
            throw new RefusedException(new Rejection.MalformedHeader(
                    CloudEventHeaders.SPEC_VERSION, "must be 1.0, not " + shown(specVersion)));
        }
        String contentType = RequiredHeader.of(headers, CloudEventHeaders.CONTENT_TYPE);
        if (!CloudEventHeaders.AVRO_CONTENT_TYPE.equals(contentType)) {
            throw new RefusedException(new Rejection.MalformedHeader(
                    CloudEventHeaders.CONTENT_TYPE,
                    "must be " + CloudEventHeaders.AVRO_CONTENT_TYPE + ", not " + shown(contentType)));
        }
        String id = RequiredHeader.of(headers, CloudEventHeaders.ID);
        // Ids and senders reappear in the one-line reasons of refusals (a replay, a source mismatch): no line breaks.
        if (id.isBlank() || id.length() > 128 || id.chars().anyMatch(Character::isISOControl)) {
            throw new RefusedException(new Rejection.MalformedHeader(
                    CloudEventHeaders.ID, "must be 1 to 128 characters, none of them a control character"));
        }
        String source = RequiredHeader.of(headers, CloudEventHeaders.SOURCE);
        String sender = source.startsWith(CloudEventHeaders.SOURCE_PREFIX)
                ? source.substring(CloudEventHeaders.SOURCE_PREFIX.length())
                : "";
        if (!Topics.isAgencyId(sender)) {
            throw new RefusedException(new Rejection.MalformedHeader(
                    CloudEventHeaders.SOURCE,
                    "must be " + CloudEventHeaders.SOURCE_PREFIX + "<agency>, not " + shown(source)));
        }
        Instant time;
        try {
            time = UtcTime.parse(RequiredHeader.of(headers, CloudEventHeaders.TIME));
        } catch (DateTimeParseException e) {
            throw new RefusedException(
                    new Rejection.MalformedHeader(CloudEventHeaders.TIME, "is not an RFC 3339 UTC timestamp"));
        }
        String declaredType = RequiredHeader.of(headers, CloudEventHeaders.TYPE);
        byte[] body = SubjectCipher.isSealed(value)
                ? SealedValue.open(
                        cipher, value, id, declaredType, RequiredHeader.of(headers, CloudEventHeaders.SUBJECT))
                : value;
        BodyDecoder.Decoded decoded = bodies.decode(body);
        if (!declaredType.equals(decoded.type().cloudEventType())) {
            throw new RefusedException(new Rejection.TypeMismatch(
                    shown(declaredType), decoded.type().cloudEventType()));
        }
        String subject = Subjects.of(decoded.event());
        if (!subject.equals(RequiredHeader.of(headers, CloudEventHeaders.SUBJECT))) {
            throw new RefusedException(
                    new Rejection.MalformedHeader(CloudEventHeaders.SUBJECT, "does not match the subject of the body"));
        }
        if (!subject.equals(origin.key())) {
            throw new RefusedException(new Rejection.MalformedHeader("key", "must be the subject of the event"));
        }
        if (sealedOnly) {
            SubjectCipher.notSealed(decoded.type().name(), subject, value).ifPresent(RefusedException::raise);
        }
        return new Envelope(id, sender, time, subject, decoded.event(), decoded.type(), decoded.version());
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header value as a one-line reason may quote it: control characters as '?', at most 64 characters. */
    private static String shown(String value) {
        return OneLine.of(value, 64);
    }
}
