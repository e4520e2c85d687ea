package org.ddrrbus.client.agreement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.ddrrbus.client.geography.Counties;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

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
    /** The reading under way; a new one for each {@link #parse}. */
    private YamlNodes yaml = new YamlNodes("sharing-agreement.yaml");

    public AgreementLoader(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static SharingAgreement load(Path file) {
        return new AgreementLoader(EventCatalogue.get())
                .parse(YamlNodes.read(file), file.getFileName().toString());
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

    public synchronized SharingAgreement parse(String text, String sourceName) {
        this.yaml = new YamlNodes(sourceName);
        Node root = this.yaml.compose(text);
        if (!(root instanceof MappingNode top)) {
            throw new AgreementException(List.of(new AgreementException.Problem(
                    sourceName,
                    1,
                    "the agreement must be a mapping with version, purposes, agencies, events and places")));
        }
        Map<String, NodeTuple> entries = yaml.entries(top, TOP_KEYS, "the agreement");
        int version = yaml.integer(yaml.required(entries, "version", top), "version");
        Map<String, String> purposes = purposes(yaml.required(entries, "purposes", top));
        Map<String, Agency> agencies = agencies(yaml.required(entries, "agencies", top));
        Map<String, EventPolicy> events = events(yaml.required(entries, "events", top), purposes, agencies);
        // Missing places are one problem, not three.
        Places places = entries.containsKey("places")
                ? places(entries.get("places").getValueNode())
                : places(yaml.required(entries, "places", top), false);
        yaml.refuseIfProblems();
        return new SharingAgreement(version, purposes, agencies, events, places);
    }

    private Places places(Node node, boolean present) {
        return present ? places(node) : new Places(Map.of(), List.of());
    }

    private Places places(Node node) {
        Map<String, NodeTuple> fields = yaml.entries(node, PLACE_KEYS, "places");
        Map<String, List<String>> areas = new LinkedHashMap<>();
        for (NodeTuple entry : yaml.mapping(yaml.required(fields, "areas", node), Places.AREAS)) {
            String county = yaml.scalar(entry.getKeyNode(), "county");
            if (!Counties.ALL.contains(county)) {
                yaml.problem(
                        entry.getKeyNode(),
                        "'" + county + "' in " + Places.AREAS + " is not one of the 47 counties as the bus spells them"
                                + Counties.canonical(county)
                                        .map(c -> " (did you mean " + c + "?)")
                                        .orElse(" (e.g. Kwale, Tana River, Murang'a)"));
            }
            areas.put(
                    county,
                    placeNames(yaml.sequence(entry.getValueNode(), Places.AREAS + "." + county), "area of " + county));
        }
        List<String> borderPoints = placeNames(
                yaml.sequence(yaml.required(fields, "borderPoints", node), Places.BORDER_POINTS), "border point");
        return new Places(areas, borderPoints);
    }

    /** Place names as listed: each spelt as a place (no digits, nothing that could be a phone number), none twice. */
    private List<String> placeNames(List<Node> nodes, String what) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Node node : nodes) {
            String name = yaml.scalar(node, what);
            if (!name.matches(Places.NAME)) {
                yaml.problem(
                        node,
                        what + " '" + name + "' must be a place name: 2 to 40 letters, spaces, ' or -, no digits");
            } else if (!seen.add(name.toLowerCase(java.util.Locale.ROOT))) {
                yaml.problem(node, what + " '" + name + "' is listed twice");
            } else {
                names.add(name);
            }
        }
        return names;
    }

    private Map<String, String> purposes(Node node) {
        Map<String, String> purposes = new LinkedHashMap<>();
        for (NodeTuple entry : yaml.mapping(node, "purposes")) {
            String id = yaml.scalar(entry.getKeyNode(), "purpose id");
            if (!id.matches("[a-z][a-z0-9-]*")) {
                yaml.problem(entry.getKeyNode(), "purpose id '" + id + "' must be lower case words joined by '-'");
            }
            purposes.put(id, yaml.scalar(entry.getValueNode(), "description of purpose " + id));
        }
        if (purposes.isEmpty()) {
            yaml.problem(node, "at least one purpose is needed");
        }
        return purposes;
    }

    private Map<String, Agency> agencies(Node node) {
        Map<String, Agency> agencies = new LinkedHashMap<>();
        for (NodeTuple entry : yaml.mapping(node, "agencies")) {
            String id = yaml.scalar(entry.getKeyNode(), "agency id");
            if (!Topics.isAgencyId(id)) {
                yaml.problem(
                        entry.getKeyNode(), "agency id '" + id + "' must be 2 to 31 lower case letters, digits or '-'");
            }
            if (Set.of("admin", "exchange", "dashboard").contains(id)) {
                yaml.problem(entry.getKeyNode(), "agency id '" + id + "' is reserved for a component of the bus");
            }
            Map<String, NodeTuple> fields = yaml.entries(entry.getValueNode(), AGENCY_KEYS, "agency " + id);
            String name =
                    fields.containsKey("name") ? yaml.scalar(fields.get("name").getValueNode(), "name") : id;
            Set<Role> roles = new LinkedHashSet<>();
            for (Node roleNode :
                    yaml.sequence(yaml.required(fields, "roles", entry.getValueNode()), "roles of " + id)) {
                String role = yaml.scalar(roleNode, "role");
                Role.byId(role)
                        .ifPresentOrElse(
                                roles::add,
                                () -> yaml.problem(
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
        for (NodeTuple entry : yaml.mapping(node, "events")) {
            String eventType = yaml.scalar(entry.getKeyNode(), "event type");
            Optional<EventType<?>> type = catalogue.byName(eventType);
            if (type.isEmpty()) {
                yaml.problem(entry.getKeyNode(), "unknown event type '" + eventType + "'");
                continue;
            }
            Schema schema = type.get().latest().schema();
            Node body = entry.getValueNode();
            Map<String, NodeTuple> fields = yaml.entries(body, EVENT_KEYS, "event " + eventType);
            Set<String> senders = new LinkedHashSet<>();
            for (Node senderNode : yaml.sequence(yaml.required(fields, "senders", body), "senders of " + eventType)) {
                String sender = yaml.scalar(senderNode, "sender");
                Agency agency = agencies.get(sender);
                if (agency == null) {
                    yaml.problem(senderNode, "unknown agency '" + sender + "' in senders of " + eventType);
                } else if (!agency.exchangesEvents()) {
                    yaml.problem(
                            senderNode,
                            "agency '" + sender + "' has no outbox (role " + agency.roles() + ") and cannot send "
                                    + eventType);
                }
                senders.add(sender);
            }
            Optional<String> addressedBy = Optional.empty();
            if (fields.containsKey("addressedBy")) {
                Node addressNode = fields.get("addressedBy").getValueNode();
                String field = yaml.scalar(addressNode, "addressedBy");
                Schema.Field schemaField = schema.getField(field);
                if (schemaField == null || schemaField.schema().getType() != Schema.Type.STRING) {
                    yaml.problem(
                            addressNode,
                            "addressedBy names '" + field + "', which is not a string field of " + eventType);
                }
                addressedBy = Optional.of(field);
            }
            String legalBasis = yaml.scalar(yaml.required(fields, "legalBasis", body), "legalBasis");
            Period retention = yaml.period(yaml.required(fields, "retention", body));
            Map<String, Route> routes = new LinkedHashMap<>();
            for (NodeTuple routeEntry :
                    yaml.mapping(yaml.required(fields, "recipients", body), "recipients of " + eventType)) {
                String recipient = yaml.scalar(routeEntry.getKeyNode(), "recipient");
                Agency agency = agencies.get(recipient);
                if (agency == null) {
                    yaml.problem(
                            routeEntry.getKeyNode(),
                            "unknown agency '" + recipient + "' in recipients of " + eventType);
                    continue;
                } else if (!agency.exchangesEvents()) {
                    yaml.problem(
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
                yaml.problem(
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
        Map<String, NodeTuple> fields = yaml.entries(body, ROUTE_KEYS, context);
        List<String> routePurposes = new ArrayList<>();
        if (fields.containsKey("purpose")) {
            routePurposes.add(yaml.scalar(fields.get("purpose").getValueNode(), "purpose"));
        }
        if (fields.containsKey("purposes")) {
            for (Node p : yaml.sequence(fields.get("purposes").getValueNode(), "purposes")) {
                routePurposes.add(yaml.scalar(p, "purpose"));
            }
        }
        if (routePurposes.isEmpty()) {
            yaml.problem(entry.getKeyNode(), "recipient " + recipient + " of " + eventType + " has no purpose");
            routePurposes.add("(none)");
        }
        for (String purpose : routePurposes) {
            if (!purpose.equals("(none)") && !purposes.containsKey(purpose)) {
                yaml.problem(body, "unknown purpose '" + purpose + "' in the " + context);
            }
        }
        boolean consentRequired = true;
        if (fields.containsKey("consent")) {
            Node consentNode = fields.get("consent").getValueNode();
            String consent = yaml.scalar(consentNode, "consent");
            switch (consent) {
                case "required" -> consentRequired = true;
                case "not-required" -> consentRequired = false;
                default ->
                    yaml.problem(consentNode, "consent must be 'required' or 'not-required', not '" + consent + "'");
            }
        } else {
            yaml.problem(body, "the " + context + " must say consent: required or consent: not-required");
        }
        Optional<Set<String>> visible = Optional.empty();
        Node fieldsNode = fields.containsKey("fields") ? fields.get("fields").getValueNode() : null;
        if (fieldsNode == null) {
            yaml.problem(body, "the " + context + " must list its fields (or say fields: all)");
        } else if (fieldsNode instanceof ScalarNode all && "all".equals(all.getValue())) {
            visible = Optional.empty();
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (Node f : yaml.sequence(fieldsNode, "fields")) {
                String name = yaml.scalar(f, "field");
                if (schema.getField(name) == null) {
                    yaml.problem(f, "unknown field '" + name + "' of " + eventType + " in the " + context);
                }
                names.add(name);
            }
            for (Schema.Field field : schema.getFields()) {
                if (!names.contains(field.name()) && !isNullable(field.schema())) {
                    yaml.problem(
                            fieldsNode,
                            "recipient " + recipient + " must see field '" + field.name() + "' of " + eventType
                                    + ": only optional fields can be withheld");
                }
            }
            visible = Optional.of(names);
        }
        Optional<String> legalBasis = fields.containsKey("legalBasis")
                ? Optional.of(yaml.scalar(fields.get("legalBasis").getValueNode(), "legalBasis"))
                : Optional.empty();
        return new Route(recipient, routePurposes, consentRequired, visible, legalBasis);
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
