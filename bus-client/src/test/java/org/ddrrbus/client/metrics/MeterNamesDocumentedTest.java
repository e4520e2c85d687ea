package org.ddrrbus.client.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every meter of the bus is in docs/operations.md under the name Prometheus shows it by. */
class MeterNamesDocumentedTest {

    @Test
    void everyMeterIsDocumented() throws Exception {
        String docs = Files.readString(Path.of("../docs/operations.md"));
        List<String> names = Arrays.stream(MeterNames.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()))
                .map(MeterNamesDocumentedTest::value)
                .filter(v -> v.startsWith("ddrr."))
                .toList();
        assertThat(names).hasSizeGreaterThanOrEqualTo(7);
        for (String name : names) {
            assertThat(docs).as(name).contains("`" + name.replace('.', '_'));
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
