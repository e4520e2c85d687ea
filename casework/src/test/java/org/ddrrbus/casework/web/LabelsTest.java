package org.ddrrbus.casework.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.junit.jupiter.api.Test;

/** Every word of the pages is in English and in Kiswahili, every value of every event's enums and every field included. */
class LabelsTest {

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        assertThat(bundle("casework/messages_sw.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(
                        bundle("casework/messages.properties").stringPropertyNames());
    }

    @Test
    void everyEventEnumValueEveryFieldAndEveryActionHasALabel() throws IOException {
        Set<String> keys = bundle("casework/messages.properties").stringPropertyNames();
        Set<String> needed = new TreeSet<>();
        for (EventType<?> type : EventCatalogue.get().types()) {
            needed.add("event." + type.name());
            for (EventType.VersionedSchema version : type.versions()) {
                for (Schema.Field field : version.schema().getFields()) {
                    enums(field.schema(), needed);
                }
            }
        }
        for (Action action : Action.values()) {
            needed.add("action." + action.id());
            action.fields().forEach(f -> needed.add("field." + f.name()));
        }
        assertThat(keys).containsAll(needed);
    }

    private static void enums(Schema schema, Set<String> needed) {
        switch (schema.getType()) {
            case ENUM -> schema.getEnumSymbols().forEach(s -> needed.add("enum." + schema.getName() + "." + s));
            case UNION -> schema.getTypes().forEach(t -> enums(t, needed));
            case ARRAY -> enums(schema.getElementType(), needed);
            default -> {}
        }
    }

    private static Properties bundle(String path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = LabelsTest.class.getClassLoader().getResourceAsStream(path)) {
            properties.load(in);
        }
        return properties;
    }
}
