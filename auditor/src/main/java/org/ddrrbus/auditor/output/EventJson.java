package org.ddrrbus.auditor.output;

import java.nio.ByteBuffer;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * An Avro record as plain JSON a person can read: unions unwrapped, enums as their symbol, dates and instants in
 * ISO-8601, bytes in base64, fields in schema order. (Avro's own JSON encoding wraps every union value in its type,
 * which serves machines, not auditors.)
 */
final class EventJson {

    private EventJson() {}

    /** The record's fields, with the named top-level fields replaced by {@value Redaction#REDACTED}. */
    public static Map<String, Object> of(IndexedRecord record, Collection<String> redacted) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            json.put(
                    field.name(),
                    redacted.contains(field.name()) ? Redaction.REDACTED : plain(record.get(field.pos())));
        }
        return json;
    }

    static Object plain(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return value;
        }
        if (value instanceof CharSequence
                || value instanceof Enum<?>
                || value instanceof GenericEnumSymbol<?>
                || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof IndexedRecord nested) {
            return of(nested, List.of());
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> json = new LinkedHashMap<>();
            map.forEach((k, v) -> json.put(String.valueOf(k), plain(v)));
            return json;
        }
        if (value instanceof ByteBuffer bytes) {
            ByteBuffer copy = bytes.duplicate();
            byte[] raw = new byte[copy.remaining()];
            copy.get(raw);
            return Base64.getEncoder().encodeToString(raw);
        }
        if (value instanceof GenericFixed fixed) {
            return Base64.getEncoder().encodeToString(fixed.bytes());
        }
        return value.toString();
    }
}
