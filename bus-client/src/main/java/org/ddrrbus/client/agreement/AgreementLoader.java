package org.ddrrbus.client.agreement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads and validates {@code sharing-agreement.yaml} against the event catalogue.
 *
 * <p>The file is the schema's own documentation: every key it may hold is read here (its events by {@link EventsSection},
 * its places by {@link PlacesSection}) and nowhere else, and any other key is an error, so a typo cannot silently widen
 * or narrow what is shared. All problems are reported at once, each with its line.
 */
public final class AgreementLoader {

    /** The agreement's file name, on the classpath and in the project's {@code config/}. */
    public static final String FILE_NAME = "sharing-agreement.yaml";

    /**
     * The file the agreement's owner edits, as people name it: a node runs on a copy of it, which nobody edits, so a
     * refusal that points at the list names this file, never the copy's path on the server.
     */
    public static final String OWNER_FILE = "config/" + FILE_NAME;

    private static final Set<String> TOP_KEYS = Set.of("version", "purposes", "agencies", "events", "places");
    private static final Set<String> AGENCY_KEYS = Set.of("name", "roles");

    private final EventCatalogue catalogue;
    /** The reading under way; a new one for each {@link #parse}. */
    private YamlNodes yaml = new YamlNodes(FILE_NAME);

    public AgreementLoader(EventCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public static SharingAgreement load(Path file) {
        return new AgreementLoader(EventCatalogue.get())
                .parse(YamlNodes.read(file), file.getFileName().toString());
    }

    /** The agreement shipped with the bus, from the classpath. */
    public static SharingAgreement loadDefault() {
        try (var in = AgreementLoader.class.getResourceAsStream("/" + FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException(FILE_NAME + " is not on the classpath");
            }
            return new AgreementLoader(EventCatalogue.get())
                    .parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), FILE_NAME);
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
        Map<String, EventPolicy> events =
                new EventsSection(yaml, catalogue).read(yaml.required(entries, "events", top), purposes, agencies);
        // Missing places are one problem, not three.
        PlacesSection placesSection = new PlacesSection(yaml);
        Places places = entries.containsKey("places")
                ? placesSection.read(entries.get("places").getValueNode())
                : placesSection.read(yaml.required(entries, "places", top), false);
        yaml.refuseIfProblems();
        return new SharingAgreement(version, purposes, agencies, events, places);
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
}
