package org.ddrrbus.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Every event type and every version of its schema, read from the schema files packaged with the generated classes.
 *
 * <p>Avro refuses to instantiate classes it has not been told to trust; the generated event classes are trusted here,
 * once, before any code can decode with them.
 */
public final class EventCatalogue {

    private static final String ROOT = "/ddrr-schemas/";
    private static final String PACKAGE = "org.ddrrbus.events";

    static {
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                ClassSecurityValidator.getGlobal(), type -> PACKAGE.equals(type.getPackageName())));
    }

    private static final EventCatalogue INSTANCE = load();

    private final Map<String, EventType<?>> byName;
    private final Map<Class<?>, EventType<?>> byClass;
    private final Map<Long, Map.Entry<EventType<?>, EventType.VersionedSchema>> byFingerprint;

    private EventCatalogue(List<EventType<?>> types) {
        Map<String, EventType<?>> names = new LinkedHashMap<>();
        Map<Class<?>, EventType<?>> classes = new LinkedHashMap<>();
        Map<Long, Map.Entry<EventType<?>, EventType.VersionedSchema>> fingerprints = new LinkedHashMap<>();
        for (EventType<?> type : types) {
            names.put(type.name(), type);
            classes.put(type.javaClass(), type);
            for (EventType.VersionedSchema version : type.versions()) {
                fingerprints.put(version.fingerprint(), Map.entry(type, version));
            }
        }
        this.byName = Map.copyOf(names);
        this.byClass = Map.copyOf(classes);
        this.byFingerprint = Map.copyOf(fingerprints);
    }

    public static EventCatalogue get() {
        return INSTANCE;
    }

    public List<EventType<?>> types() {
        return byName.values().stream()
                .sorted(java.util.Comparator.comparing(EventType::name))
                .toList();
    }

    public Optional<EventType<?>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** By CloudEvents type ({@code org.ddrrbus.events.ReferralIssued}). */
    public Optional<EventType<?>> byCloudEventType(String ceType) {
        return ceType.startsWith(PACKAGE + ".") ? byName(ceType.substring(PACKAGE.length() + 1)) : Optional.empty();
    }

    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> EventType<T> byClass(Class<T> type) {
        EventType<?> found = byClass.get(type);
        if (found == null) {
            throw new IllegalArgumentException(type.getName() + " is not an event of the catalogue");
        }
        return (EventType<T>) found;
    }

    /** The event type and version written with a fingerprint, if any version of any event has it. */
    public Optional<Map.Entry<EventType<?>, EventType.VersionedSchema>> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    private static EventCatalogue load() {
        Map<String, List<EventType.VersionedSchema>> versions = new LinkedHashMap<>();
        for (String path : read("index").lines().filter(l -> !l.isBlank()).toList()) {
            String event = path.substring(0, path.indexOf('/'));
            int version = Integer.parseInt(path.substring(path.indexOf("/v") + 2, path.indexOf(".avsc")));
            Schema schema = new Schema.Parser().parse(read(path));
            versions.computeIfAbsent(event, e -> new ArrayList<>())
                    .add(new EventType.VersionedSchema(
                            version, schema, SchemaNormalization.parsingFingerprint64(schema)));
        }
        List<EventType<?>> types = new ArrayList<>();
        versions.forEach((event, schemas) -> types.add(eventType(event, schemas)));
        return new EventCatalogue(types);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static EventType<?> eventType(String event, List<EventType.VersionedSchema> schemas) {
        try {
            Class<? extends SpecificRecord> type =
                    (Class<? extends SpecificRecord>) Class.forName(PACKAGE + "." + event);
            return new EventType(event, type, schemas);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no generated class for event " + event, e);
        }
    }

    private static String read(String path) {
        try (InputStream in = EventCatalogue.class.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource missing: " + ROOT + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
