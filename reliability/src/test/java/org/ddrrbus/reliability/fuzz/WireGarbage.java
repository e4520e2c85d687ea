package org.ddrrbus.reliability.fuzz;

import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.exactly;
import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.reason;
import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.valid;
import static org.ddrrbus.reliability.fuzz.WireInput.Expectation.validOr;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.ddrrbus.events.RejectionReason;

/**
 * Garbage made from valid records, each with what the wire format must make of it. Every method works on one sealed
 * record, so the codec test can apply them to every event type and the ledger test to the events it publishes.
 */
final class WireGarbage {

    static final int HEADER_BYTES = 10;
    static final String NOT_SINGLE_OBJECT = "the value is not Avro single-object encoded (no C3 01 marker)";
    private static final RejectionReason[] BODY_OR_SUBJECT = {
        RejectionReason.MALFORMED_BODY, RejectionReason.MALFORMED_HEADER
    };
    /** Varints that a body can hold where a length, a count, a union branch or an enum index belongs. */
    private static final long[] HOSTILE = {
        -1, Integer.MIN_VALUE, Integer.MAX_VALUE - 8, Integer.MAX_VALUE, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE
    };

    /** A valid event as sent: its type, the event, and the record. */
    record Sealed(EventType<?> type, SpecificRecord event, ProducerRecord<String, byte[]> record) {

        byte[] value() {
            return record.value();
        }

        String key() {
            return record.key();
        }

        Headers headers() {
            return new RecordHeaders(record.headers().toArray());
        }

        WireInput pristine() {
            return new WireInput("valid", "the valid " + type.name(), key(), headers(), value(), valid(event));
        }

        WireInput with(String kind, String description, byte[] value, WireInput.Expectation expect) {
            return new WireInput(kind, type.name() + ": " + description, key(), headers(), value, expect);
        }

        WireInput with(String kind, String description, Headers headers, WireInput.Expectation expect) {
            return new WireInput(kind, type.name() + ": " + description, key(), headers, value(), expect);
        }
    }

    private final EventCodec codec;
    private final Random random;

    WireGarbage(EventCodec codec, Random random) {
        this.codec = codec;
        this.random = random;
    }

    Sealed seal(String sender, SpecificRecord event) {
        EventType<?> type = codec.catalogue().byClass(event.getClass());
        return new Sealed(type, event, codec.seal("ddrr.outbox." + sender, codec.envelope(sender, event)));
    }

    /** The value cut short at every length, from nothing to one byte short. */
    List<WireInput> truncations(Sealed sealed) {
        List<WireInput> inputs = new ArrayList<>();
        byte[] value = sealed.value();
        for (int length = 0; length < value.length; length++) {
            WireInput.Expectation expect = length == 0
                    ? exactly(new Rejection.NotAvro("the record has no value"))
                    : length < HEADER_BYTES
                            ? exactly(new Rejection.NotAvro(NOT_SINGLE_OBJECT))
                            : reason(RejectionReason.MALFORMED_BODY);
            inputs.add(sealed.with(
                    "truncated",
                    "truncated to " + length + " of " + value.length + " bytes",
                    Arrays.copyOf(value, length),
                    expect));
        }
        return inputs;
    }

    /** Every single bit flipped: the marker, the fingerprint and the body. */
    List<WireInput> bitFlips(Sealed sealed) {
        List<WireInput> inputs = new ArrayList<>();
        byte[] value = sealed.value();
        for (int bit = 0; bit < value.length * 8; bit++) {
            byte[] flipped = value.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            WireInput.Expectation expect;
            if (bit < 16) {
                expect = exactly(new Rejection.NotAvro(NOT_SINGLE_OBJECT));
            } else if (bit < HEADER_BYTES * 8) {
                long fingerprint = fingerprint(flipped);
                expect = EventCatalogue.get().byFingerprint(fingerprint).isPresent()
                        ? validOr(RejectionReason.values())
                        : exactly(new Rejection.UnknownSchema(fingerprint));
            } else {
                expect = validOr(BODY_OR_SUBJECT);
            }
            inputs.add(sealed.with("bit-flip", "bit " + bit + " flipped", flipped, expect));
        }
        return inputs;
    }

    /** Random bytes after a complete body. */
    List<WireInput> trailing(Sealed sealed, int count) {
        List<WireInput> inputs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] tail = Fuzz.bytes(random, Fuzz.between(random, 1, 64));
            inputs.add(sealed.with(
                    "trailing",
                    tail.length + " bytes after the body",
                    concat(sealed.value(), tail),
                    exactly(new Rejection.MalformedBody(sealed.type().name(), "trailing bytes after the body"))));
        }
        return inputs;
    }

    /** A hostile varint written over the body at every offset: a length, a count, an index out of any range. */
    List<WireInput> hostileVarints(Sealed sealed) {
        List<WireInput> inputs = new ArrayList<>();
        byte[] value = sealed.value();
        for (int offset = HEADER_BYTES; offset < value.length; offset++) {
            for (long hostile : HOSTILE) {
                ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 10);
                out.write(value, 0, offset);
                out.writeBytes(zigZag(hostile));
                out.write(value, offset + 1, value.length - offset - 1);
                inputs.add(sealed.with(
                        "hostile-length",
                        "varint " + hostile + " at offset " + offset,
                        out.toByteArray(),
                        validOr(BODY_OR_SUBJECT)));
            }
        }
        return inputs;
    }

    /**
     * Every required header missing, null, duplicated, renamed, empty, and set to garbage, one at a time; unknown
     * extra headers, which change nothing.
     */
    List<WireInput> headerFaults(Sealed sealed, int garbagePerHeader) {
        List<WireInput> inputs = new ArrayList<>();
        for (String name : CloudEventHeaders.REQUIRED) {
            Headers missing = sealed.headers();
            missing.remove(name);
            inputs.add(sealed.with(
                    "header-missing", name + " missing", missing, exactly(new Rejection.MissingHeader(name))));

            Headers nulled = sealed.headers();
            nulled.remove(name);
            nulled.add(name, null);
            inputs.add(sealed.with(
                    "header-missing", name + " without a value", nulled, exactly(new Rejection.MissingHeader(name))));

            Headers renamed = sealed.headers();
            byte[] original = renamed.lastHeader(name).value();
            renamed.remove(name);
            renamed.add(name.toUpperCase(), original);
            inputs.add(sealed.with(
                    "header-missing",
                    name + " spelt " + name.toUpperCase(),
                    renamed,
                    exactly(new Rejection.MissingHeader(name))));

            Headers same = sealed.headers();
            same.add(name, original);
            inputs.add(sealed.with(
                    "header-duplicated",
                    name + " twice",
                    same,
                    exactly(new Rejection.MalformedHeader(name, "appears more than once"))));

            Headers other = sealed.headers();
            other.add(name, garbage(name).getBytes(StandardCharsets.UTF_8));
            inputs.add(sealed.with(
                    "header-duplicated",
                    name + " twice, differently",
                    other,
                    exactly(new Rejection.MalformedHeader(name, "appears more than once"))));

            inputs.add(replaced(sealed, name, new byte[0], "header-empty"));
            for (int i = 0; i < garbagePerHeader; i++) {
                byte[] value = random.nextInt(4) == 0
                        ? Fuzz.bytes(random, Fuzz.between(random, 1, 200))
                        : garbage(name).getBytes(StandardCharsets.UTF_8);
                inputs.add(replaced(sealed, name, value, "header-garbage"));
            }
        }
        Headers extra = sealed.headers();
        extra.add("ce_" + Fuzz.alphanumeric(random, 6), Fuzz.bytes(random, 20));
        extra.add("ddrr_" + Fuzz.alphanumeric(random, 6), null);
        inputs.add(sealed.with("header-extra", "unknown extra headers", extra, valid(sealed.event())));
        return inputs;
    }

    /** A type, a subject or a key that disagrees with the body. */
    List<WireInput> mismatches(Sealed sealed) {
        List<WireInput> inputs = new ArrayList<>();
        String actual = sealed.type().cloudEventType();
        for (EventType<?> other : Samples.types()) {
            if (!other.equals(sealed.type())) {
                inputs.add(sealed.with(
                        "type-mismatch",
                        "ce_type " + other.name(),
                        replace(sealed.headers(), CloudEventHeaders.TYPE, other.cloudEventType()),
                        exactly(new Rejection.TypeMismatch(other.cloudEventType(), actual))));
            }
        }
        for (String near :
                List.of(actual.toLowerCase(), actual + "V2", sealed.type().name(), actual + " ")) {
            inputs.add(sealed.with(
                    "type-mismatch",
                    "ce_type " + near,
                    replace(sealed.headers(), CloudEventHeaders.TYPE, near),
                    exactly(new Rejection.TypeMismatch(near, actual))));
        }
        Rejection wrongSubject =
                new Rejection.MalformedHeader(CloudEventHeaders.SUBJECT, "does not match the subject of the body");
        Rejection wrongKey = new Rejection.MalformedHeader("key", "must be the subject of the event");
        String subject = sealed.key();
        for (String other : List.of(
                Samples.subjectRef(random),
                subject.toLowerCase(),
                subject + " ",
                " " + subject,
                subject.substring(0, subject.length() - 1))) {
            if (other.equals(subject)) {
                continue;
            }
            inputs.add(sealed.with(
                    "subject-mismatch",
                    "ce_subject '" + other + "'",
                    replace(sealed.headers(), CloudEventHeaders.SUBJECT, other),
                    exactly(wrongSubject)));
            inputs.add(new WireInput(
                    "key-mismatch",
                    sealed.type().name() + ": key '" + other + "'",
                    other,
                    sealed.headers(),
                    sealed.value(),
                    exactly(wrongKey)));
            Headers both = replace(sealed.headers(), CloudEventHeaders.SUBJECT, other);
            inputs.add(new WireInput(
                    "subject-mismatch",
                    sealed.type().name() + ": ce_subject and key '" + other + "'",
                    other,
                    both,
                    sealed.value(),
                    exactly(wrongSubject)));
        }
        inputs.add(new WireInput(
                "key-mismatch",
                sealed.type().name() + ": no key",
                null,
                sealed.headers(),
                sealed.value(),
                exactly(wrongKey)));
        return inputs;
    }

    /** Random values: bytes of any kind, a marker with an unknown fingerprint, a known fingerprint with a random body. */
    WireInput randomValue(Sealed sealed) {
        int shape = random.nextInt(3);
        byte[] value;
        if (shape == 0) {
            value = Fuzz.bytes(random, Fuzz.between(random, 0, 1024));
        } else if (shape == 1) {
            value = concat(new byte[] {(byte) 0xC3, 0x01}, Fuzz.bytes(random, Fuzz.between(random, 8, 300)));
        } else {
            value = concat(
                    Arrays.copyOf(sealed.value(), HEADER_BYTES), Fuzz.bytes(random, Fuzz.between(random, 0, 300)));
        }
        return sealed.with(
                "random-bytes",
                value.length + " random bytes (shape " + shape + ")",
                value,
                expectedFor(sealed, value));
    }

    /** What the codec must say of a value it knows nothing about, with otherwise valid headers. */
    WireInput.Expectation expectedFor(Sealed sealed, byte[] value) {
        if (value.length == 0) {
            return exactly(new Rejection.NotAvro("the record has no value"));
        }
        if (value.length > EventCodec.DEFAULT_MAX_RECORD_BYTES) {
            return exactly(new Rejection.Oversized(value.length, EventCodec.DEFAULT_MAX_RECORD_BYTES));
        }
        if (value.length < HEADER_BYTES || value[0] != (byte) 0xC3 || value[1] != 0x01) {
            return exactly(new Rejection.NotAvro(NOT_SINGLE_OBJECT));
        }
        long fingerprint = fingerprint(value);
        var known = EventCatalogue.get().byFingerprint(fingerprint);
        if (known.isEmpty()) {
            return exactly(new Rejection.UnknownSchema(fingerprint));
        }
        return known.get().getKey().equals(sealed.type())
                ? validOr(BODY_OR_SUBJECT)
                : validOr(
                        RejectionReason.MALFORMED_BODY,
                        RejectionReason.MALFORMED_HEADER,
                        RejectionReason.TYPE_MISMATCH);
    }

    private WireInput replaced(Sealed sealed, String name, byte[] value, String kind) {
        Headers headers = sealed.headers();
        headers.remove(name);
        headers.add(name, value);
        String text = new String(value, StandardCharsets.UTF_8);
        return sealed.with(kind, name + " = '" + Fuzz.shown(text) + "'", headers, expectedHeader(sealed, name, text));
    }

    /** What a required header with this (decoded) value must give, all else being valid. */
    private WireInput.Expectation expectedHeader(Sealed sealed, String name, String text) {
        return switch (name) {
            case CloudEventHeaders.SPEC_VERSION ->
                text.equals(CloudEventHeaders.SPEC_VERSION_1_0)
                        ? valid(sealed.event())
                        : reason(RejectionReason.MALFORMED_HEADER);
            case CloudEventHeaders.CONTENT_TYPE ->
                text.equals(CloudEventHeaders.AVRO_CONTENT_TYPE)
                        ? valid(sealed.event())
                        : reason(RejectionReason.MALFORMED_HEADER);
            // Any printable id of 1 to 128 characters is an id; the exchange counts each once per sender.
            case CloudEventHeaders.ID ->
                !text.isBlank() && text.length() <= 128 && text.chars().noneMatch(Character::isISOControl)
                        ? valid(sealed.event())
                        : reason(RejectionReason.MALFORMED_HEADER);
            // Any agency may be named here; the exchange checks that it is the outbox's owner.
            case CloudEventHeaders.SOURCE ->
                text.startsWith(CloudEventHeaders.SOURCE_PREFIX)
                                && text.substring(CloudEventHeaders.SOURCE_PREFIX.length())
                                        .matches("[a-z][a-z0-9-]{1,30}")
                        ? valid(sealed.event())
                        : reason(RejectionReason.MALFORMED_HEADER);
            case CloudEventHeaders.TIME ->
                parses(text) ? valid(sealed.event()) : reason(RejectionReason.MALFORMED_HEADER);
            case CloudEventHeaders.TYPE ->
                text.equals(sealed.type().cloudEventType())
                        ? valid(sealed.event())
                        : reason(RejectionReason.TYPE_MISMATCH);
            case CloudEventHeaders.SUBJECT ->
                text.equals(sealed.key()) ? valid(sealed.event()) : reason(RejectionReason.MALFORMED_HEADER);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** Garbage for one header: plain noise, noise with line breaks, very long, and values that are nearly right. */
    private String garbage(String name) {
        return switch (random.nextInt(5)) {
            case 0 -> Fuzz.printable(random, Fuzz.between(random, 1, 60));
            case 1 -> Fuzz.anyText(random, Fuzz.between(random, 1, 60));
            case 2 -> Fuzz.alphanumeric(random, Fuzz.between(random, 129, 5000));
            case 3 -> " ";
            default -> Fuzz.pick(random, nearMisses(name));
        };
    }

    private static List<String> nearMisses(String name) {
        return switch (name) {
            case CloudEventHeaders.SPEC_VERSION ->
                List.of("1", "1.0 ", "1.0\n", "v1.0", "0.3", "1,0", "\u0031\u002E\u0030\u0000");
            case CloudEventHeaders.ID -> List.of("\t", "id\nwith a line break", "x".repeat(129), "\u0000", "\r\n");
            case CloudEventHeaders.SOURCE ->
                List.of(
                        "/agencies/",
                        "agencies/iom",
                        "/agencies/IOM",
                        "/agencies/iom\n",
                        "/agencies/iom/../nctc",
                        "https://agencies/iom",
                        "/agencies/i",
                        "/agencies/" + "a".repeat(40));
            case CloudEventHeaders.TYPE ->
                List.of("org.ddrrbus.events.", "ReferralIssued", "org.ddrrbus.events.Nothing");
            case CloudEventHeaders.TIME ->
                List.of(
                        "2026-02-30T00:00:00Z",
                        "2026-01-01",
                        "2026-01-01T00:00:00",
                        "1700000000",
                        "yesterday",
                        "2026-01-01T25:00:00Z",
                        "2026-01-01 00:00:00Z");
            case CloudEventHeaders.SUBJECT -> List.of("KE-0000-0000", "Amina Hassan", "area:", "*");
            case CloudEventHeaders.CONTENT_TYPE ->
                List.of(
                        "application/json",
                        "application/avro; charset=utf-8",
                        "APPLICATION/AVRO",
                        "application/avro ",
                        "avro/binary",
                        "application/vnd.apache.avro+binary");
            default -> List.of("?");
        };
    }

    private static boolean parses(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static Headers replace(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    static long fingerprint(byte[] value) {
        return ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Avro's zig-zag varint encoding of a long. */
    static byte[] zigZag(long n) {
        long z = (n << 1) ^ (n >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
        return out.toByteArray();
    }
}
