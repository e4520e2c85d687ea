package org.ddrrbus.client.keys;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.signing.RegisteredKey;

/**
 * The directory as a reader has folded it so far: the latest statement about each key, in the order the operator made
 * them. A statement older than the one applied for its key is ignored (written again, it must not undo a later one);
 * a key id never changes its public key or principal; and a revocation, once read, is never lifted.
 */
final class DirectoryBook {

    private final Map<String, KeyStatement> byKeyId = new HashMap<>();

    /** The outcome of applying a statement. */
    sealed interface Outcome {
        record Applied(RegisteredKey key) implements Outcome {}

        record Ignored(String why) implements Outcome {}
    }

    synchronized Outcome apply(KeyStatement statement) {
        RegisteredKey stated = statement.key();
        KeyStatement known = byKeyId.get(stated.keyId());
        if (known == null) {
            byKeyId.put(stated.keyId(), statement);
            return new Outcome.Applied(stated);
        }
        RegisteredKey current = known.key();
        if (!current.principal().equals(stated.principal())
                || !Arrays.equals(current.publicKey(), stated.publicKey())) {
            return new Outcome.Ignored("it states another public key or principal for " + stated.keyId());
        }
        if (!statement.statedAt().isAfter(known.statedAt())) {
            return new Outcome.Ignored("it is no newer (" + statement.statedAt() + ") than the statement applied for "
                    + stated.keyId() + " (" + known.statedAt() + ")");
        }
        RegisteredKey applied = stated;
        Optional<Instant> revoked = earliest(current.revokedFrom(), stated.revokedFrom());
        if (revoked.isPresent() && !revoked.equals(stated.revokedFrom())) {
            applied = stated.revokedFrom(revoked.get());
        }
        byKeyId.put(stated.keyId(), new KeyStatement(applied, statement.statedAt()));
        return new Outcome.Applied(applied);
    }

    synchronized Optional<Instant> statedAt(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId)).map(KeyStatement::statedAt);
    }

    synchronized Optional<RegisteredKey> find(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId)).map(KeyStatement::key);
    }

    /** Every key, by principal and then oldest first. */
    synchronized List<RegisteredKey> keys() {
        return byKeyId.values().stream()
                .map(KeyStatement::key)
                .sorted(Comparator.comparing(RegisteredKey::principal)
                        .thenComparing(RegisteredKey::validFrom)
                        .thenComparing(RegisteredKey::keyId))
                .toList();
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return Optional.of(a.get().isBefore(b.get()) ? a.get() : b.get());
    }
}
