package org.ddrrbus.reliability.fuzz;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;

/**
 * Valid events of every type of the catalogue, with random field values, built from the schema so that a new event
 * type or field is fuzzed without this class changing.
 */
final class Samples {

    private Samples() {}

    static List<EventType<?>> types() {
        return EventCatalogue.get().types();
    }

    /** A new case code in the bus's format, e.g. {@code KE-7Q2M-4XJD}. */
    static String subjectRef(Random random) {
        return "KE-" + Fuzz.alphanumeric(random, 4).toUpperCase() + "-"
                + Fuzz.alphanumeric(random, 4).toUpperCase();
    }

    static SpecificRecord random(EventType<?> type, Random random) {
        SpecificData model = SpecificData.getForClass(type.javaClass());
        Schema schema = model.getSchema(type.javaClass());
        return (SpecificRecord) record(model, schema, random);
    }

    private static Object record(SpecificData model, Schema schema, Random random) {
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
            record.put(field.pos(), value(model, field.name(), field.schema(), random));
        }
        return record;
    }

    private static Object value(SpecificData model, String field, Schema schema, Random random) {
        LogicalType logical = schema.getLogicalType();
        return switch (schema.getType()) {
            case STRING -> field.equals("subjectRef") ? subjectRef(random) : text(random);
            case ENUM -> model.createEnum(Fuzz.pick(random, schema.getEnumSymbols()), schema);
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(model, field, schema.getElementType(), random));
                }
                yield items;
            }
            case UNION -> {
                List<Schema> branches = schema.getTypes();
                boolean nullable = branches.stream().anyMatch(s -> s.getType() == Schema.Type.NULL);
                // The subject of a refusal notice may be absent, but then its event id stands for it.
                if (nullable && random.nextInt(3) == 0 && !field.equals("subjectRef")) {
                    yield null;
                }
                Schema branch = branches.stream()
                        .filter(s -> s.getType() != Schema.Type.NULL)
                        .findFirst()
                        .orElseThrow();
                yield value(model, field, branch, random);
            }
            case INT ->
                logical != null && logical.getName().equals("date")
                        ? LocalDate.of(
                                Fuzz.between(random, 2019, 2026),
                                Fuzz.between(random, 1, 12),
                                Fuzz.between(random, 1, 28))
                        : random.nextInt(100_000);
            case LONG ->
                logical != null && logical.getName().startsWith("timestamp")
                        ? Instant.ofEpochMilli(1_546_300_800_000L + (long) (random.nextDouble() * 250_000_000_000L))
                        : random.nextLong();
            case BOOLEAN -> random.nextBoolean();
            case RECORD -> record(model, schema, random);
            default -> throw new IllegalStateException("no sample for " + schema.getType() + " (field " + field + ")");
        };
    }

    /** Field text: mostly what the services write, sometimes any Unicode, never blank (a subject must not be). */
    private static String text(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Fuzz.pick(random, "Kwale", "Mombasa", "Tana River", "Murang'a", "iom", "cicc", "mentorship");
            case 1 -> "REF-" + Fuzz.alphanumeric(random, 8).toUpperCase();
            case 2 -> Fuzz.alphanumeric(random, Fuzz.between(random, 1, 40));
            default -> "x" + Fuzz.unicode(random, Fuzz.between(random, 0, 30));
        };
    }
}
