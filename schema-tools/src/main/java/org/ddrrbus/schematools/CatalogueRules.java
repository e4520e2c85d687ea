package org.ddrrbus.schematools;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * House rules every schema file must follow, beyond Avro's own validity.
 *
 * <p>The most important one: a person is only ever a pseudonymous {@code subjectRef}. A leak of a name or phone number
 * can get a returnee killed, so fields that look like personal identifiers are refused at build time.
 */
public final class CatalogueRules {

    /** The namespace of the event catalogue: every event a partner may send or receive. */
    public static final String NAMESPACE = "org.ddrrbus.events";

    /**
     * The namespace of the bus's own state schemas (what the exchange keeps per person): held to the same rules and
     * the same compatibility gate, but never events, so they never enter the event catalogue. The key directory's
     * records name their own namespace in the same way.
     */
    public static final String STATE_NAMESPACE = "org.ddrrbus.state";

    /** Normalised field names (lower case, no separators) that would carry a direct identifier. */
    private static final Pattern PERSONAL_DATA = Pattern.compile(
            ".*(^name$|firstname|lastname|surname|fullname|givenname|familyname|othername|alias|phone|mobile|msisdn"
                    + "|telephone|email|passport|nationalid|idnumber|idno|identitycard|birthdate|dateofbirth|^dob$"
                    + "|homeaddress|streetaddress|gps|latitude|longitude).*");

    private final String namespace;

    public CatalogueRules() {
        this(NAMESPACE);
    }

    /** The rules for a catalogue whose records all live in {@code namespace}. */
    public CatalogueRules(String namespace) {
        this.namespace = namespace;
    }

    public List<Finding> check(SchemaCatalogue catalogue) {
        List<Finding> findings = new ArrayList<>(catalogue.unreadable());
        for (String event : catalogue.events()) {
            List<SchemaVersion> versions = catalogue.versions(event);
            if (versions.isEmpty()) {
                findings.add(new Finding(event + "/", "an event directory needs at least v1.avsc"));
                continue;
            }
            for (int i = 0; i < versions.size(); i++) {
                SchemaVersion v = versions.get(i);
                if (v.version() != i + 1) {
                    findings.add(new Finding(
                            v.relativePath(), "versions are numbered v1, v2, ... without gaps; expected v" + (i + 1)));
                }
                findings.addAll(checkVersion(v));
            }
        }
        findings.addAll(sharedTypesAgree(catalogue.latestVersions()));
        return findings;
    }

    private List<Finding> checkVersion(SchemaVersion v) {
        List<Finding> findings = new ArrayList<>();
        Schema schema = v.schema();
        if (schema.getType() != Schema.Type.RECORD) {
            findings.add(
                    new Finding(v.relativePath(), "a schema of the catalogue is a record, not " + schema.getType()));
            return findings;
        }
        if (!schema.getName().equals(v.event())) {
            findings.add(new Finding(
                    v.relativePath(),
                    "record name '" + schema.getName() + "' must match its directory '" + v.event() + "'"));
        }
        if (!namespace.equals(schema.getNamespace())) {
            findings.add(
                    new Finding(v.relativePath(), "namespace must be " + namespace + ", not " + schema.getNamespace()));
        }
        if (schema.getDoc() == null || schema.getDoc().isBlank()) {
            findings.add(new Finding(v.relativePath(), "the record needs a doc saying what happened"));
        }
        collectPersonalData(schema, "", new ArrayList<>(), findings, v);
        return findings;
    }

    private void collectPersonalData(
            Schema schema, String prefix, List<Schema> seen, List<Finding> findings, SchemaVersion v) {
        if (seen.contains(schema)) {
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                seen.add(schema);
                for (Schema.Field field : schema.getFields()) {
                    String normalised = field.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                    if (PERSONAL_DATA.matcher(normalised).matches()) {
                        findings.add(
                                new Finding(
                                        v.relativePath(),
                                        "field '" + prefix + field.name()
                                                + "' looks like a personal identifier; a person appears on the bus only as subjectRef"));
                    }
                    collectPersonalData(field.schema(), prefix + field.name() + ".", seen, findings, v);
                }
            }
            case ARRAY -> collectPersonalData(schema.getElementType(), prefix, seen, findings, v);
            case MAP -> collectPersonalData(schema.getValueType(), prefix, seen, findings, v);
            case UNION -> schema.getTypes().forEach(t -> collectPersonalData(t, prefix, seen, findings, v));
            default -> {}
        }
    }

    /**
     * Named types shared between events (a DDRR phase, a risk level) generate one Java class, so every latest schema
     * that defines one must define it identically.
     */
    private List<Finding> sharedTypesAgree(List<SchemaVersion> latest) {
        Map<String, Schema> firstDefinition = new HashMap<>();
        Map<String, String> definedIn = new HashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (SchemaVersion v : latest) {
            Map<String, Schema> named = new HashMap<>();
            collectNamed(v.schema(), named);
            for (var entry : named.entrySet()) {
                if (entry.getKey().equals(v.schema().getFullName())) {
                    continue;
                }
                Schema earlier = firstDefinition.putIfAbsent(entry.getKey(), entry.getValue());
                if (earlier == null) {
                    definedIn.put(entry.getKey(), v.relativePath());
                } else if (!earlier.equals(entry.getValue())) {
                    findings.add(new Finding(
                            v.relativePath(),
                            "type " + entry.getKey() + " differs from its definition in "
                                    + definedIn.get(entry.getKey()) + "; shared types must be identical"));
                }
            }
        }
        return findings;
    }

    private void collectNamed(Schema schema, Map<String, Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(f -> collectNamed(f.schema(), named));
                }
            }
            case ENUM, FIXED -> named.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collectNamed(schema.getElementType(), named);
            case MAP -> collectNamed(schema.getValueType(), named);
            case UNION -> schema.getTypes().forEach(t -> collectNamed(t, named));
            default -> {}
        }
    }
}
