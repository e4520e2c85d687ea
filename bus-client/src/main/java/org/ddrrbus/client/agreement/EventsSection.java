package org.ddrrbus.client.agreement;

import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The agreement's {@code events}: for every event type of the catalogue, who may send it and each recipient's route
 * (purposes, consent, the fields it sees), checked against the event's schema and the agreement's purposes and
 * agencies. Problems go to the reading under way.
 */
final class EventsSection {

    private static final Set<String> EVENT_KEYS =
            Set.of("senders", "addressedBy", "legalBasis", "retention", "recipients");
    private static final Set<String> ROUTE_KEYS = Set.of("purpose", "purposes", "consent", "fields", "legalBasis");

    private final YamlNodes yaml;
    private final EventCatalogue catalogue;

    EventsSection(YamlNodes yaml, EventCatalogue catalogue) {
        this.yaml = yaml;
        this.catalogue = catalogue;
    }

    Map<String, EventPolicy> read(Node node, Map<String, String> purposes, Map<String, Agency> agencies) {
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
                if (agency == null && eventType.equals(Components.SENDING_COMPONENTS.get(sender))) {
                    // A bus component that confirms from an outbox of its own (the dashboard, ErasureConfirmed).
                    senders.add(sender);
                    continue;
                }
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
