package org.ddrrbus.federation.agreement;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.agreement.YamlNodes;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** A bus's entries in the federation agreement that name a key or an address, each checked with its line. */
final class BusEntries {

    private BusEntries() {}

    /** {@code sealingKey}: one HPKE public key ({@link FederationSeal#PARAMETERS}). */
    static Optional<String> sealingKey(YamlNodes yaml, Map<String, NodeTuple> fields, String country) {
        if (!fields.containsKey("sealingKey")) {
            return Optional.empty();
        }
        Node keyNode = fields.get("sealingKey").getValueNode();
        String encoded = yaml.scalar(keyNode, "sealingKey of " + country);
        try {
            FederationSeal.publicKey(encoded);
            return Optional.of(encoded);
        } catch (IllegalArgumentException e) {
            yaml.problem(keyNode, "sealingKey of bus " + country + " is " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * {@code keyHolder}: where keys may travel from, {@code https:} or {@code http:} on loopback only. Over
     * {@code https:} the other bus trusts the bus's {@code caCertificate} alone for it, so that must be listed.
     */
    static Optional<URI> keyHolder(
            YamlNodes yaml, Map<String, NodeTuple> fields, String country, Optional<String> caCertificate) {
        if (!fields.containsKey("keyHolder")) {
            return Optional.empty();
        }
        Node holderNode = fields.get("keyHolder").getValueNode();
        try {
            URI address = HttpSubjectKeys.requireSecure(URI.create(yaml.scalar(holderNode, "keyHolder of " + country)));
            if ("https".equals(address.getScheme()) && caCertificate.isEmpty()) {
                yaml.problem(
                        holderNode,
                        "keyHolder of bus " + country + " is https: list its caCertificate, the only CA the other bus"
                                + " trusts for it");
                return Optional.empty();
            }
            return Optional.of(address);
        } catch (IllegalArgumentException e) {
            yaml.problem(holderNode, "keyHolder of bus " + country + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
