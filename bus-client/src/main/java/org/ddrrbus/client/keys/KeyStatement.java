package org.ddrrbus.client.keys;

import java.time.Instant;
import java.util.Objects;
import org.ddrrbus.client.signing.RegisteredKey;

/**
 * One statement of the key directory: everything known about one key, as of {@code statedAt}. A later statement about
 * the same key replaces it, except that a revocation, once stated, is never lifted.
 */
record KeyStatement(RegisteredKey key, Instant statedAt) {

    public KeyStatement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(statedAt, "statedAt");
    }
}
