package org.ddrrbus.client.signing;

import java.time.Instant;
import java.util.Optional;

/** Where a verifier finds the public key behind a key id, with when it speaks for whom. */
public interface KeyLookup {

    /** The key as known now. */
    Optional<RegisteredKey> find(String keyId);

    /**
     * The key as known once every statement about keys made before a record reached the bus at {@code arrived} has
     * been read: a statement the signer could have relied on, such as the registration of the key it just switched
     * to, or a revocation published before the record, is never missed. A fixed set of keys has nothing to wait for.
     */
    default Optional<RegisteredKey> findAsOf(String keyId, Instant arrived) {
        return find(keyId);
    }
}
