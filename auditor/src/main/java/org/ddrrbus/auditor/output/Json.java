package org.ddrrbus.auditor.output;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.ToStringSerializer;

/**
 * The auditor's JSON, one line per record, written by Jackson from trees of maps, lists, strings, numbers, booleans and
 * nulls. Two rules on top of Jackson's: the line separators JavaScript treats as line ends (U+2028, U+2029) are escaped
 * too, so a record on the bus can never break the one-line-per-record output; and a number that is not finite is
 * written as null, which JSON can hold.
 */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder(
                    JsonFactory.builder().characterEscapes(new LineSafe()).build())
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new Finite<>())
                    .addSerializer(Float.class, new Finite<>())
                    // Avro's Utf8 and any other text: as its text, never as a bean of its accessors.
                    .addSerializer(CharSequence.class, ToStringSerializer.instance))
            .build();

    private Json() {}

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Jackson's escapes for ASCII, plus U+2028 and U+2029. */
    private static final class LineSafe extends CharacterEscapes {

        private static final int[] ASCII = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ASCII;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == '\u2028' || ch == '\u2029' ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    /** NaN and the infinities have no JSON form; null says the value is not a number. */
    private static final class Finite<T extends Number> extends ValueSerializer<T> {
        @Override
        public void serialize(T value, JsonGenerator out, SerializationContext context) {
            double d = value.doubleValue();
            if (Double.isFinite(d)) {
                out.writeNumber(d);
            } else {
                out.writeNull();
            }
        }
    }
}
