package org.ddrrbus.federation.agreement;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.AgreementException;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.agreement.YamlNodes;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads and validates {@code federation-agreement.yaml} against the event catalogue and both national sharing
 * agreements. A federation agreement may only narrow what the national agreements allow: a flow whose sender may not
 * send the type at home, or whose recipient may not receive anything on the other bus, is a contradiction and is
 * refused with its line. Every problem is reported at once, each with its line, as for the sharing agreement.
 */
public final class FederationLoader {

    /** Where the federation agreement lives next to the sharing agreement. */
    public static final String FILE_NAME = "federation-agreement.yaml";

    private static final Set<String> TOP_KEYS = Set.of("version", "buses", "flows");
    private static final Set<String> BUS_KEYS =
            Set.of("name", "subjectPrefix", "caCertificate", "keys", "sealingKey", "keyHolder");
    private static final Set<String> FLOW_KEYS =
            Set.of("type", "from", "to", "senders", "recipients", "purpose", "legalBasis", "consent", "fields");
    /** Refusals cross back on their own, as the exchange's notices; no agreement lists them. */
    private static final Set<String> NEVER_LISTED = Set.of("DeliveryRejected", "AuditAccessRecorded");

    /**
     * An erasure crosses on its own, from the bus that issued the case code, and its confirmation back, each as the
     * exchange's own event; listed as a flow it would cross a second way, in an agency's name.
     */
    private static final Set<String> ERASURE_CROSSES_BY_ITSELF = Set.of("SubjectErased", "ErasureConfirmed");

    /** Consents that cross are kept by the receiving exchange for its consent checks, not delivered to an inbox. */
    static final Set<String> KEPT_BY_THE_EXCHANGE = Set.of("ConsentRecorded");

    private final EventCatalogue catalogue;
    private final Map<String, SharingAgreement> national;
    private YamlNodes yaml;

    /** @param national each bus's own sharing agreement, by country */
    public FederationLoader(EventCatalogue catalogue, Map<String, SharingAgreement> national) {
        this.catalogue = catalogue;
        this.national = Map.copyOf(national);
    }

    public static FederationAgreement load(Path file, Map<String, SharingAgreement> national) {
        return new FederationLoader(EventCatalogue.get(), national)
                .parse(YamlNodes.read(file), file.getFileName().toString());
    }

    public synchronized FederationAgreement parse(String text, String sourceName) {
        yaml = new YamlNodes(sourceName);
        Node root = yaml.compose(text);
        if (!(root instanceof MappingNode top)) {
            throw new AgreementException(List.of(new AgreementException.Problem(
                    sourceName, 1, "the federation agreement must be a mapping with version, buses and flows")));
        }
        Map<String, NodeTuple> entries = yaml.entries(top, TOP_KEYS, "the federation agreement");
        int version = yaml.integer(yaml.required(entries, "version", top), "version");
        if (version < 1 && entries.containsKey("version")) {
            yaml.problem(entries.get("version").getValueNode(), "version must be 1 or more");
        }
        Node busesNode = yaml.required(entries, "buses", top);
        Map<String, Bus> buses = buses(busesNode);
        List<Flow> flows = new ArrayList<>();
        for (Node flowNode : yaml.sequence(yaml.required(entries, "flows", top), "flows")) {
            flow(flowNode, buses).ifPresent(flows::add);
        }
        yaml.refuseIfProblems();
        return new FederationAgreement(version, buses, flows);
    }

    private Map<String, Bus> buses(Node node) {
        Map<String, Bus> buses = new LinkedHashMap<>();
        for (NodeTuple entry : yaml.mapping(node, "buses")) {
            String country = yaml.scalar(entry.getKeyNode(), "bus");
            if (!country.matches("[a-z]{2}")) {
                yaml.problem(entry.getKeyNode(), "bus '" + country + "' must be a two-letter country code, e.g. ke");
            } else if (!national.containsKey(country)) {
                yaml.problem(
                        entry.getKeyNode(),
                        "bus '" + country + "' has no sharing agreement here (known: "
                                + String.join(
                                        ", ",
                                        national.keySet().stream().sorted().toList()) + ")");
            }
            Node body = entry.getValueNode();
            Map<String, NodeTuple> fields = yaml.entries(body, BUS_KEYS, "bus " + country);
            String name =
                    fields.containsKey("name") ? yaml.scalar(fields.get("name").getValueNode(), "name") : country;
            Node prefixNode = yaml.required(fields, "subjectPrefix", body);
            String prefix = yaml.scalar(prefixNode, "subjectPrefix");
            if (!prefix.matches("[A-Z]{2}-")) {
                yaml.problem(
                        prefixNode, "subjectPrefix '" + prefix + "' must be two capital letters and '-', e.g. SO-");
            }
            Optional<String> ca = fields.containsKey("caCertificate")
                    ? Optional.of(yaml.scalar(fields.get("caCertificate").getValueNode(), "caCertificate"))
                    : Optional.empty();
            Map<String, byte[]> keys = new LinkedHashMap<>();
            if (fields.containsKey("keys")) {
                for (NodeTuple key : yaml.mapping(fields.get("keys").getValueNode(), "keys of " + country)) {
                    String keyId = yaml.scalar(key.getKeyNode(), "key id");
                    String encoded = yaml.scalar(key.getValueNode(), "public key of " + keyId);
                    try {
                        byte[] publicKey = Base64.getDecoder().decode(encoded);
                        KeyRing.of(Map.of(keyId, publicKey));
                        keys.put(keyId, publicKey);
                    } catch (IllegalArgumentException e) {
                        yaml.problem(
                                key.getKeyNode(),
                                "key '" + keyId + "' of bus " + country
                                        + " is not a base64 Ed25519 public key whose fingerprint is its id");
                    }
                }
            }
            Optional<String> sealingKey = BusEntries.sealingKey(yaml, fields, country);
            Optional<URI> keyHolder = BusEntries.keyHolder(yaml, fields, country, ca);
            if (buses.values().stream().anyMatch(b -> b.subjectPrefix().equals(prefix))) {
                yaml.problem(prefixNode, "subjectPrefix '" + prefix + "' is already another bus's");
            }
            buses.put(country, new Bus(country, name, prefix, ca, new TrustAnchors(keys), sealingKey, keyHolder));
        }
        if (buses.size() != 2) {
            yaml.problem(node, "a federation links exactly two buses, not " + buses.size());
        }
        return buses;
    }

    private Optional<Flow> flow(Node node, Map<String, Bus> buses) {
        int line = node.getStartMark().getLine() + 1;
        Map<String, NodeTuple> fields = yaml.entries(node, FLOW_KEYS, "a flow");
        Node typeNode = yaml.required(fields, "type", node);
        String typeName = yaml.scalar(typeNode, "type");
        Optional<EventType<?>> type = catalogue.byName(typeName);
        if (type.isEmpty()) {
            yaml.problem(typeNode, "unknown event type '" + typeName + "'");
            return Optional.empty();
        }
        if (NEVER_LISTED.contains(typeName)) {
            yaml.problem(typeNode, typeName + " cannot be listed: refusals cross back by themselves");
            return Optional.empty();
        }
        if (ERASURE_CROSSES_BY_ITSELF.contains(typeName)) {
            yaml.problem(
                    typeNode,
                    typeName + " cannot be listed: an erasure crosses by itself from the bus that issued the case"
                            + " code, and its confirmation back");
            return Optional.empty();
        }
        String context = "the flow of " + typeName;
        Node fromNode = yaml.required(fields, "from", node);
        Node toNode = yaml.required(fields, "to", node);
        String from = yaml.scalar(fromNode, "from");
        String to = yaml.scalar(toNode, "to");
        for (var end : List.of(Map.entry(from, fromNode), Map.entry(to, toNode))) {
            if (!buses.containsKey(end.getKey())) {
                yaml.problem(end.getValue(), "unknown bus '" + end.getKey() + "' in " + context);
            }
        }
        if (from.equals(to)) {
            yaml.problem(toNode, context + " goes from " + from + " to itself");
        }
        SharingAgreement sending = national.get(from);
        SharingAgreement receiving = national.get(to);
        Optional<EventPolicy> home = sending == null ? Optional.empty() : sending.policy(typeName);
        Set<String> senders = new LinkedHashSet<>();
        for (Node senderNode : yaml.sequence(yaml.required(fields, "senders", node), "senders of " + context)) {
            String sender = yaml.scalar(senderNode, "sender");
            senders.add(sender);
            if (sending != null && (home.isEmpty() || !home.get().maySend(sender))) {
                yaml.problem(
                        senderNode,
                        "contradicts the sharing agreement of " + from + ": " + sender + " may not send " + typeName
                                + " there, so it cannot send it across");
            }
        }
        if (senders.isEmpty()) {
            yaml.problem(node, context + " names no senders");
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (Node recipientNode :
                yaml.sequence(yaml.required(fields, "recipients", node), "recipients of " + context)) {
            String recipient = yaml.scalar(recipientNode, "recipient");
            recipients.add(recipient);
            if (receiving != null
                    && !receiving.agency(recipient).map(Agency::exchangesEvents).orElse(false)) {
                yaml.problem(
                        recipientNode,
                        "contradicts the sharing agreement of " + to + ": it has no agency '" + recipient
                                + "' with an inbox");
            } else if (receiving != null
                    && !KEPT_BY_THE_EXCHANGE.contains(typeName)
                    && receiving
                            .policy(typeName)
                            .flatMap(p -> p.routeTo(recipient))
                            .isEmpty()) {
                yaml.problem(
                        recipientNode,
                        "contradicts the sharing agreement of " + to + ": " + recipient + " may not receive " + typeName
                                + " there");
            }
        }
        if (recipients.isEmpty()) {
            yaml.problem(node, context + " names no recipients");
        }
        Node purposeNode = yaml.required(fields, "purpose", node);
        String purpose = yaml.scalar(purposeNode, "purpose");
        for (var side :
                List.of(Map.entry(from, Optional.ofNullable(sending)), Map.entry(to, Optional.ofNullable(receiving)))) {
            if (side.getValue().isPresent() && !side.getValue().get().purposes().containsKey(purpose)) {
                yaml.problem(
                        purposeNode,
                        "contradicts the sharing agreement of " + side.getKey() + ": it has no purpose '" + purpose
                                + "'");
            }
        }
        String legalBasis = yaml.scalar(yaml.required(fields, "legalBasis", node), "legalBasis");
        Node consentNode = yaml.required(fields, "consent", node);
        String consent = yaml.scalar(consentNode, "consent");
        if (!consent.equals("required") && !consent.equals("not-required") && fields.containsKey("consent")) {
            yaml.problem(consentNode, "consent must be 'required' or 'not-required', not '" + consent + "'");
        }
        Schema schema = type.get().latest().schema();
        Set<String> crossing = new LinkedHashSet<>();
        Node fieldsNode = yaml.required(fields, "fields", node);
        boolean all =
                fieldsNode instanceof org.yaml.snakeyaml.nodes.ScalarNode scalar && "all".equals(scalar.getValue());
        if (all) {
            schema.getFields().forEach(f -> crossing.add(f.name()));
        }
        for (Node f : all ? List.<Node>of() : yaml.sequence(fieldsNode, "fields of " + context)) {
            String name = yaml.scalar(f, "field");
            if (schema.getField(name) == null) {
                yaml.problem(f, "unknown field '" + name + "' of " + typeName);
            }
            crossing.add(name);
        }
        for (Schema.Field field : schema.getFields()) {
            if (!crossing.contains(field.name()) && !isNullable(field.schema()) && fields.containsKey("fields")) {
                yaml.problem(
                        fieldsNode,
                        "field '" + field.name() + "' of " + typeName + " must cross: only optional fields can be"
                                + " withheld");
            }
        }
        return Optional.of(new Flow(
                typeName,
                from,
                to,
                senders,
                recipients,
                purpose,
                legalBasis,
                !consent.equals("not-required"),
                crossing,
                line));
    }

    private static boolean isNullable(Schema schema) {
        return schema.getType() == Schema.Type.UNION
                && schema.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }
}
