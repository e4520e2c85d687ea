package org.ddrrbus.schematools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Every event type with all its versions, read from {@code <root>/<EventName>/v<N>.avsc}.
 *
 * <p>Each file is parsed with a fresh parser so that a version is a complete, self-contained schema: any Avro library
 * can decode a record with that one file.
 */
final class SchemaCatalogue {

    private static final Pattern VERSION_FILE = Pattern.compile("v([1-9][0-9]*)\\.avsc");

    private final Map<String, List<SchemaVersion>> versionsByEvent;
    private final List<Finding> unreadable;

    private SchemaCatalogue(Map<String, List<SchemaVersion>> versionsByEvent, List<Finding> unreadable) {
        this.versionsByEvent = versionsByEvent;
        this.unreadable = unreadable;
    }

    public static SchemaCatalogue load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("no schema catalogue at " + root);
        }
        Map<String, List<SchemaVersion>> byEvent = new TreeMap<>();
        List<Finding> unreadable = new ArrayList<>();
        try (Stream<Path> eventDirs = Files.list(root)) {
            for (Path eventDir : eventDirs.filter(Files::isDirectory).sorted().toList()) {
                String event = eventDir.getFileName().toString();
                List<SchemaVersion> versions = new ArrayList<>();
                try (Stream<Path> files = Files.list(eventDir)) {
                    for (Path file : files.sorted().toList()) {
                        String fileName = file.getFileName().toString();
                        Matcher m = VERSION_FILE.matcher(fileName);
                        if (!m.matches()) {
                            unreadable.add(new Finding(event + "/" + fileName, "schema files are named v<N>.avsc"));
                            continue;
                        }
                        int version = Integer.parseInt(m.group(1));
                        try {
                            Schema schema = new Schema.Parser().parse(file.toFile());
                            versions.add(new SchemaVersion(event, version, file, schema));
                        } catch (SchemaParseException | IOException e) {
                            unreadable.add(
                                    new Finding(event + "/" + fileName, "not a valid Avro schema: " + e.getMessage()));
                        }
                    }
                }
                versions.sort(Comparator.comparingInt(SchemaVersion::version));
                byEvent.put(event, List.copyOf(versions));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the schema catalogue at " + root, e);
        }
        return new SchemaCatalogue(Map.copyOf(byEvent), List.copyOf(unreadable));
    }

    /** Event names in a stable order. */
    public List<String> events() {
        return versionsByEvent.keySet().stream().sorted().toList();
    }

    /** All versions of an event, oldest first. */
    public List<SchemaVersion> versions(String event) {
        return versionsByEvent.getOrDefault(event, List.of());
    }

    public List<SchemaVersion> latestVersions() {
        return events().stream()
                .map(this::versions)
                .filter(v -> !v.isEmpty())
                .map(v -> v.get(v.size() - 1))
                .toList();
    }

    public List<SchemaVersion> allVersions() {
        return events().stream().flatMap(e -> versions(e).stream()).toList();
    }

    /** Files that could not be parsed at all; they fail the gate before any compatibility check. */
    public List<Finding> unreadable() {
        return unreadable;
    }
}
