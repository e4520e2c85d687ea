package org.ddrrbus.client.agreement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ddrrbus.client.geography.Counties;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * The agreement's {@code places}: the areas of return by county and the border points, each a place name listed once.
 * Problems go to the reading under way.
 */
final class PlacesSection {

    private static final Set<String> PLACE_KEYS = Set.of("areas", "borderPoints");

    private final YamlNodes yaml;

    PlacesSection(YamlNodes yaml) {
        this.yaml = yaml;
    }

    Places read(Node node, boolean present) {
        return present ? read(node) : new Places(Map.of(), List.of());
    }

    Places read(Node node) {
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
}
