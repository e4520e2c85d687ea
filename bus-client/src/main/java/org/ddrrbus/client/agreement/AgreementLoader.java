package org.ddrrbus.client.agreement;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.ddrrbus.client.geography.Counties;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates {@code sharing-agreement.yaml} against the event catalogue.
 *
 * <p>The file is the schema's own documentation: every key it may hold is read here and nowhere else, and any other key
 * is an error, so a typo cannot silently widen or narrow what is shared. All problems are reported at once, each with
 * its line.
 */
public final class AgreementLoader {

    private static final Set<String> TOP_KEYS = Set.of("version", "purposes", "agencies", "events", "places");
    private static final Set<String> PLACE_KEYS = Set.of("areas", "borderPoints");
    private static final Set<String> AGENCY_KEYS = Set.of("name", "roles");
    private static final Set<String> EVENT_KEYS =
            Set.of("senders", "addressedBy", "legalBasis", "retention", "recipients");
    private static final Set<String> ROUTE_KEYS = Set.of("purpose", "purposes", "consent", "fields", "legalBasis");

    private final EventCatalogue catalogue;
    private final List<AgreementException.Problem> problems = new ArrayList<>();
    private String source = "sharing-agreement.yaml";

    public AgreementLoader(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static SharingAgreement load(Path file) {
        try {
            return new AgreementLoader(EventCatalogue.get())
                    .parse(
                            Files.readString(file, StandardCharsets.UTF_8),
                            file.getFileName().toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new AgreementException(List.of(new AgreementException.Problem(file.toString(), 0, "not UTF-8 text")));
        } catch (NoSuchFileException e) {
            throw new AgreementException(List.of(new AgreementException.Problem(file.toString(), 0, "file not found")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The agreement shipped with the bus, from the classpath. */
    public static SharingAgreement loadDefault() {
        try (var in = AgreementLoader.class.getResourceAsStream("/sharing-agreement.yaml")) {
            if (in == null) {
                throw new IllegalStateException("sharing-agreement.yaml is not on the classpath");
            }
            return new AgreementLoader(EventCatalogue.get())
                    .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "sharing-agreement.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized SharingAgreement parse(String yaml, String sourceName) {
        this.source = sourceName;
        problems.clear();
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(20);
            options.setCodePointLimit(1024 * 1024);
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new AgreementException(List.of(
                    new AgreementException.Problem(source, line, oneLine("not valid YAML: " + e.getProblem()))));
        } catch (YAMLException e) {
            throw new AgreementException(
                    List.of(new AgreementException.Problem(source, 0, oneLine("not valid YAML: " + e.getMessage()))));
        }
        if (!(root instanceof MappingNode top)) {
            throw new AgreementException(List.of(new AgreementException.Problem(
                    source, 1, "the agreement must be a mapping with version, purposes, agencies, events and places")));
        }
        Map<String, NodeTuple> entries = entries(top, TOP_KEYS, "the agreement");
        int version = integer(required(entries, "version", top), "version");
        Map<String, String> purposes = purposes(required(entries, "purposes", top));
        Map<String, Agency> agencies = agencies(required(entries, "agencies", top));
        Map<String, EventPolicy> events = events(required(entries, "events", top), purposes, agencies);
        // Missing places are one problem, not three.
        Places places = entries.containsKey("places")
                ? places(entries.get("places").getValueNode())
                : places(required(entries, "places", top), false);
        if (!problems.isEmpty()) {
            throw new AgreementException(problems);
        }
        return new SharingAgreement(version, purposes, agencies, events, places);
    }

    private Places places(Node node, boolean present) {
        return present ? places(node) : new Places(Map.of(), List.of());
    }

    private Places places(Node node) {
        Map<String, NodeTuple> fields = entries(node, PLACE_KEYS, "places");
        Map<String, List<String>> areas = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(required(fields, "areas", node), Places.AREAS)) {
            String county = scalar(entry.getKeyNode(), "county");
            if (!Counties.ALL.contains(county)) {
                problem(
                        entry.getKeyNode(),
                        "'" + county + "' in " + Places.AREAS + " is not one of the 47 counties as the bus spells them"
                                + Counties.canonical(county)
                                        .map(c -> " (did you mean " + c + "?)")
                                        .orElse(" (e.g. Kwale, Tana River, Murang'a)"));
            }
            areas.put(
                    county,
                    placeNames(sequence(entry.getValueNode(), Places.AREAS + "." + county), "area of " + county));
        }
        List<String> borderPoints =
                placeNames(sequence(required(fields, "borderPoints", node), Places.BORDER_POINTS), "border point");
        return new Places(areas, borderPoints);
    }

    /** Place names as listed: each spelt as a place (no digits, nothing that could be a phone number), none twice. */
    private List<String> placeNames(List<Node> nodes, String what) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Node node : nodes) {
            String name = scalar(node, what);
            if (!name.matches(Places.NAME)) {
                problem(
                        node,
                        what + " '" + name + "' must be a place name: 2 to 40 letters, spaces, ' or -, no digits");
            } else if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
                problem(node, what + " '" + name + "' is listed twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private Map<String, String> purposes(Node node) {
        Map<String, String> purposes = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(node, "purposes")) {
            String id = scalar(entry.getKeyNode(), "purpose id");
            if (!id.matches("[a-z][a-z0-9-]*")) {
                problem(entry.getKeyNode(), "purpose id '" + id + "' must be lower case words joined by '-'");
            }
            purposes.put(id, scalar(entry.getValueNode(), "description of purpose " + id));
        }
        if (purposes.isEmpty()) {
            problem(node, "at least one purpose is needed");
        }
        return purposes;
    }

    private Map<String, Agency> agencies(Node node) {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(node, "agencies")) {
            String id = scalar(entry.getKeyNode(), "agency id");
            if (!Topics.isAgencyId(id)) {
                problem(entry.getKeyNode(), "agency id '" + id + "' must be 2 to 31 lower case letters, digits or '-'");
            }
            if (Set.of("admin", "exchange", "dashboard").contains(id)) {
                problem(entry.getKeyNode(), "agency id '" + id + "' is reserved for a component of the bus");
            }
            Map<String, NodeTuple> fields = entries(entry.getValueNode(), AGENCY_KEYS, "agency " + id);
            String name = fields.containsKey("name") ? scalar(fields.get("name").getValueNode(), "name") : id;
            Set<Role> roles = new LinkedHashSet<>();
            for (Node roleNode : sequence(required(fields, "roles", entry.getValueNode()), "roles of " + id)) {
                String role = scalar(roleNode, "role");
                Role.byId(role)
                        .ifPresentOrElse(
                                roles::add,
                                () -> problem(
                                        roleNode,
                                        "unknown role '" + role
                                                + "' (known: case-owner, service-provider, donor, auditor)"));
            }
            agencies.put(id, new Agency(id, name, roles));
        }
        return agencies;
    }

    private Map<String, EventPolicy> events(Node node, Map<String, String> purposes, Map<String, Agency> agencies) {
        Map<String, EventPolicy> events = new LinkedHashMap<>();
        for (NodeTuple entry : mapping(node, "events")) {
            String eventType = scalar(entry.getKeyNode(), "event type");
            Optional<EventType<?>> type = catalogue.byName(eventType);
            if (type.isEmpty()) {
                problem(entry.getKeyNode(), "unknown event type '" + eventType + "'");
                continue;
            }
            Schema schema = type.get().latest().schema();
            Node body = entry.getValueNode();
            Map<String, NodeTuple> fields = entries(body, EVENT_KEYS, "event " + eventType);
            Set<String> senders = new LinkedHashSet<>();
            for (Node senderNode : sequence(required(fields, "senders", body), "senders of " + eventType)) {
                String sender = scalar(senderNode, "sender");
                Agency agency = agencies.get(sender);
                if (agency == null) {
                    problem(senderNode, "unknown agency '" + sender + "' in senders of " + eventType);
                } else if (!agency.exchangesEvents()) {
                    problem(
                            senderNode,
                            "agency '" + sender + "' has no outbox (role " + agency.roles() + ") and cannot send "
                                    + eventType);
                }
                senders.add(sender);
            }
            Optional<String> addressedBy = Optional.empty();
            if (fields.containsKey("addressedBy")) {
                Node addressNode = fields.get("addressedBy").getValueNode();
                String field = scalar(addressNode, "addressedBy");
                Schema.Field schemaField = schema.getField(field);
                if (schemaField == null || schemaField.schema().getType() != Schema.Type.STRING) {
                    problem(
                            addressNode,
                            "addressedBy names '" + field + "', which is not a string field of " + eventType);
                }
                addressedBy = Optional.of(field);
            }
            String legalBasis = scalar(required(fields, "legalBasis", body), "legalBasis");
            Period retention = period(required(fields, "retention", body));
            Map<String, Route> routes = new LinkedHashMap<>();
            for (NodeTuple routeEntry : mapping(required(fields, "recipients", body), "recipients of " + eventType)) {
                String recipient = scalar(routeEntry.getKeyNode(), "recipient");
                Agency agency = agencies.get(recipient);
                if (agency == null) {
                    problem(
                            routeEntry.getKeyNode(),
                            "unknown agency '" + recipient + "' in recipients of " + eventType);
                    continue;
                } else if (!agency.exchangesEvents()) {
                    problem(
                            routeEntry.getKeyNode(),
                            "agency '" + recipient + "' has no inbox (role " + agency.roles() + "); it cannot receive "
                                    + eventType);
                }
                routes.put(recipient, route(recipient, routeEntry, eventType, schema, purposes));
            }
            events.put(eventType, new EventPolicy(eventType, senders, addressedBy, legalBasis, retention, routes));
        }
        for (EventType<?> known : catalogue.types()) {
            if (!events.containsKey(known.name())) {
                problem(
                        node,
                        "event type " + known.name() + " is missing; list it (with senders: [] to forbid it) so "
                                + "that the agreement says what happens to every event");
            }
        }
        return events;
    }

    private Route route(
            String recipient, NodeTuple entry, String eventType, Schema schema, Map<String, String> purposes) {
        Node body = entry.getValueNode();
        String context = "route of " + eventType + " to " + recipient;
        Map<String, NodeTuple> fields = entries(body, ROUTE_KEYS, context);
        List<String> routePurposes = new ArrayList<>();
        if (fields.containsKey("purpose")) {
            routePurposes.add(scalar(fields.get("purpose").getValueNode(), "purpose"));
        }
        if (fields.containsKey("purposes")) {
            for (Node p : sequence(fields.get("purposes").getValueNode(), "purposes")) {
                routePurposes.add(scalar(p, "purpose"));
            }
        }
        if (routePurposes.isEmpty()) {
            problem(entry.getKeyNode(), "recipient " + recipient + " of " + eventType + " has no purpose");
            routePurposes.add("(none)");
        }
        for (String purpose : routePurposes) {
            if (!purpose.equals("(none)") && !purposes.containsKey(purpose)) {
                problem(body, "unknown purpose '" + purpose + "' in the " + context);
            }
        }
        boolean consentRequired = true;
        if (fields.containsKey("consent")) {
            Node consentNode = fields.get("consent").getValueNode();
            String consent = scalar(consentNode, "consent");
            switch (consent) {
                case "required" -> consentRequired = true;
                case "not-required" -> consentRequired = false;
                default -> problem(consentNode, "consent must be 'required' or 'not-required', not '" + consent + "'");
            }
        } else {
            problem(body, "the " + context + " must say consent: required or consent: not-required");
        }
        Optional<Set<String>> visible = Optional.empty();
        Node fieldsNode = fields.containsKey("fields") ? fields.get("fields").getValueNode() : null;
        if (fieldsNode == null) {
            problem(body, "the " + context + " must list its fields (or say fields: all)");
        } else if (fieldsNode instanceof ScalarNode all && "all".equals(all.getValue())) {
            visible = Optional.empty();
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (Node f : sequence(fieldsNode, "fields")) {
                String name = scalar(f, "field");
                if (schema.getField(name) == null) {
                    problem(f, "unknown field '" + name + "' of " + eventType + " in the " + context);
                }
                names.add(name);
            }
            for (Schema.Field field : schema.getFields()) {
                if (!names.contains(field.name()) && !isNullable(field.schema())) {
                    problem(
                            fieldsNode,
                            "recipient " + recipient + " must see field '" + field.name() + "' of " + eventType
                                    + ": only optional fields can be withheld");
                }
            }
            visible = Optional.of(names);
        }
        Optional<String> legalBasis = fields.containsKey("legalBasis")
                ? Optional.of(scalar(fields.get("legalBasis").getValueNode(), "legalBasis"))
                : Optional.empty();
        return new Route(recipient, routePurposes, consentRequired, visible, legalBasis);
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    private Period period(Node node) {
        String text = scalar(node, "retention");
        try {
            return Period.parse(text);
        } catch (DateTimeParseException e) {
            problem(node, "retention '" + text + "' is not an ISO-8601 period such as P10Y or P6M");
            return Period.ZERO;
        }
    }

    private int integer(Node node, String what) {
        String text = scalar(node, what);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            problem(node, what + " must be a whole number, not '" + text + "'");
            return 0;
        }
    }

    private Map<String, NodeTuple> entries(Node node, Set<String> allowed, String context) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping(node, context)) {
            String key = scalar(tuple.getKeyNode(), "key");
            if (!allowed.contains(key)) {
                problem(
                        tuple.getKeyNode(),
                        "unknown key '" + key + "' in " + context + " (allowed: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            } else if (entries.put(key, tuple) != null) {
                problem(tuple.getKeyNode(), "key '" + key + "' appears twice in " + context);
            }
        }
        return entries;
    }

    private List<NodeTuple> mapping(Node node, String context) {
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = mapping.getValue();
            Set<String> seen = new LinkedHashSet<>();
            for (NodeTuple tuple : tuples) {
                if (tuple.getKeyNode() instanceof ScalarNode key && !seen.add(key.getValue())) {
                    problem(key, "'" + key.getValue() + "' appears twice in " + context);
                }
            }
            return tuples;
        }
        if (node instanceof ScalarNode scalar
                && (scalar.getValue().isEmpty() || scalar.getValue().equals("null"))) {
            return List.of();
        }
        problem(node, context + " must be a mapping");
        return List.of();
    }

    private List<Node> sequence(Node node, String context) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (node instanceof ScalarNode scalar && scalar.getTag() == org.yaml.snakeyaml.nodes.Tag.NULL) {
            return List.of();
        }
        problem(node, context + " must be a list, e.g. [a, b]");
        return List.of();
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        problem(node, what + " must be a single value");
        return "";
    }

    private Node required(Map<String, NodeTuple> entries, String key, Node parent) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null) {
            problem(parent, "missing '" + key + "'");
            return new ScalarNode(
                    org.yaml.snakeyaml.nodes.Tag.NULL,
                    "",
                    parent.getStartMark(),
                    parent.getEndMark(),
                    org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN);
        }
        return tuple.getValueNode();
    }

    private void problem(Node node, String message) {
        problems.add(new AgreementException.Problem(source, node.getStartMark().getLine() + 1, oneLine(message)));
    }

    /** Values quoted in a problem may hold line breaks; a problem is one line, so they are shown as '?'. */
    private static String oneLine(String message) {
        return OneLine.of(message, 300);
    }
}
