package org.ddrrbus.federation.agreement;

import java.util.Map;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.topic.Components;

/**
 * The public signing keys of one bus that the other bus trusts: its exchange's keys, which countersign what leaves
 * it, and the keys of its agencies that may send across, which signed the events themselves. Nothing else of the
 * foreign bus's key directory is trusted.
 *
 * @param keys public keys by key id ({@code <principal>/<fingerprint>})
 */
public record TrustAnchors(Map<String, byte[]> keys) {

    public TrustAnchors {
        keys = Map.copyOf(keys);
    }

    /** The keys as a fixed ring: each speaks for its principal for as long as the agreement lists it. */
    public KeyRing ring() {
        return KeyRing.of(keys);
    }

    /** Whether any key of the foreign exchange is listed, without which nothing from that bus can be accepted. */
    public boolean hasExchangeKey() {
        return keys.keySet().stream().anyMatch(id -> KeyRing.principalOf(id).equals(Components.EXCHANGE));
    }
}
