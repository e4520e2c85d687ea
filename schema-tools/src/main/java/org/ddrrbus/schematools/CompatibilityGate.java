package org.ddrrbus.schematools;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * FULL_TRANSITIVE compatibility: every version of an event can read data written with every other version of it.
 *
 * <p>Partners upgrade at their own pace, and auditors replay years of records, so a consumer on any version must read
 * what a producer on any other version wrote. Checking each new version against all earlier ones in both directions is
 * exactly that guarantee.
 */
public final class CompatibilityGate {

    public List<Finding> check(SchemaCatalogue catalogue) {
        List<Finding> findings = new ArrayList<>();
        for (String event : catalogue.events()) {
            List<SchemaVersion> versions = catalogue.versions(event);
            for (int newer = 1; newer < versions.size(); newer++) {
                for (int older = 0; older < newer; older++) {
                    findings.addAll(checkPair(versions.get(newer), versions.get(older)));
                }
            }
        }
        return findings;
    }

    List<Finding> checkPair(SchemaVersion newer, SchemaVersion older) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(canRead(newer, older, "backward"));
        findings.addAll(canRead(older, newer, "forward"));
        return findings;
    }

    private List<Finding> canRead(SchemaVersion reader, SchemaVersion writer, String direction) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader.schema(), writer.schema())
                .getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            String field = FieldPath.of(reader.schema(), incompatibility.getLocation());
            findings.add(new Finding(
                    reader.event() + "/v" + Math.max(reader.version(), writer.version()) + ".avsc",
                    "not FULL_TRANSITIVE compatible (" + direction + "): " + reader.label() + " cannot read "
                            + writer.label() + " at field '" + field + "': "
                            + incompatibility.getType() + " - " + incompatibility.getMessage()));
        }
        return findings;
    }

    /** Turns Avro's JSON-pointer location ({@code /fields/2/type/symbols}) into a dotted field path. */
    static final class FieldPath {

        private FieldPath() {}

        static String of(Schema schema, String location) {
            List<String> names = new ArrayList<>();
            Schema current = schema;
            String[] segments = location.split("/");
            for (int i = 0; i < segments.length && current != null; i++) {
                String segment = segments[i];
                if (segment.equals("fields") && i + 1 < segments.length && current.getType() == Schema.Type.RECORD) {
                    int index = Integer.parseInt(segments[++i]);
                    if (index >= current.getFields().size()) {
                        break;
                    }
                    Schema.Field field = current.getFields().get(index);
                    names.add(field.name());
                    current = field.schema();
                    if (i + 1 < segments.length && segments[i + 1].equals("type")) {
                        i++;
                    }
                } else if (segment.equals("items") && current.getType() == Schema.Type.ARRAY) {
                    current = current.getElementType();
                } else if (segment.equals("values") && current.getType() == Schema.Type.MAP) {
                    current = current.getValueType();
                } else if (segment.matches("[0-9]+") && current.getType() == Schema.Type.UNION) {
                    int branch = Integer.parseInt(segment);
                    current = branch < current.getTypes().size()
                            ? current.getTypes().get(branch)
                            : null;
                }
            }
            return names.isEmpty() ? "(record " + schema.getName() + ")" : String.join(".", names);
        }
    }
}
