package org.ddrrbus.client.signing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A fixed set of public keys, each speaking for its principal at any time: for tests and benchmarks that verify
 * without a bus. The bus's verifiers use the key directory instead, which knows when each key speaks.
 */
public final class KeyRing implements KeyLookup {

    private final Map<String, RegisteredKey> keys;

    private KeyRing(Map<String, RegisteredKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    /** Keys by key id ({@code <principal>/<fingerprint>}), each valid from the epoch on. */
    public static KeyRing of(Map<String, byte[]> byKeyId) {
        Map<String, RegisteredKey> keys = new HashMap<>();
        byKeyId.forEach((keyId, publicKey) -> {
            RegisteredKey key = RegisteredKey.always(principalOf(keyId), publicKey);
            if (!key.keyId().equals(keyId)) {
                throw new IllegalArgumentException(keyId + " is not the key id of its public key");
            }
            keys.put(keyId, key);
        });
        return new KeyRing(keys);
    }

    /** The ring of these keys. */
    public static KeyRing of(SigningKey... signingKeys) {
        Map<String, byte[]> byKeyId = new HashMap<>();
        for (SigningKey key : signingKeys) {
            byKeyId.put(key.keyId(), key.publicKey());
        }
        return of(byKeyId);
    }

    @Override
    public Optional<RegisteredKey> find(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /** Every key id on the ring, sorted. */
    public List<String> keyIds() {
        return keys.keySet().stream().sorted().toList();
    }

    public int size() {
        return keys.size();
    }

    /** The principal a key id names: what comes before its {@code /}. */
    public static String principalOf(String keyId) {
        int slash = keyId.indexOf('/');
        return slash < 0 ? keyId : keyId.substring(0, slash);
    }
}
