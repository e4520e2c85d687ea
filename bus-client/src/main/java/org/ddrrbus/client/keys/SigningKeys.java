package org.ddrrbus.client.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.ddrrbus.client.signing.KeyLookup;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of a principal's own keys signs now: the newest one the key directory says speaks for it. Give it to a
 * {@link org.ddrrbus.client.signing.RecordSigner} and a rotation needs no restart: once the operator approves the new
 * key, the next batch is signed with it, while events already signed with the old key stay valid until the old key's
 * end of validity, which the operator set late enough to cover them.
 *
 * <p>A new key is taken up {@link #SETTLE} after it became valid, as long as an older one is still valid, so that a
 * node whose clock runs a little ahead of the operator's never dates an event before its key's validity.
 */
public final class SigningKeys implements Supplier<SigningKey> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    /** How long a newly valid key waits before it takes over from a key that is still valid. */
    public static final Duration SETTLE = Duration.ofSeconds(2);

    private static final Duration RESCAN = Duration.ofSeconds(5);

    private final PrivateKeys own;
    private final KeyLookup directory;
    private final Clock clock;
    private List<SigningKey> loaded = List.of();
    private Instant loadedAt = Instant.MIN;
    private String signing = "";

    public SigningKeys(PrivateKeys own, KeyLookup directory, Clock clock) {
        this.own = own;
        this.directory = directory;
        this.clock = clock;
    }

    public String principal() {
        return own.principal();
    }

    @Override
    public SigningKey get() {
        return current();
    }

    /**
     * The key that signs now.
     *
     * @throws KeyDirectoryException in one line, saying why none of the principal's keys speaks for it now
     */
    public synchronized SigningKey current() {
        Instant now = clock.instant();
        Optional<SigningKey> chosen = choose(keys(now), now);
        if (chosen.isEmpty()) {
            // A key made since the last look may be the one the operator approved.
            loaded = own.keys();
            loadedAt = now;
            chosen = choose(loaded, now);
        }
        SigningKey key = chosen.orElseThrow(() -> new KeyDirectoryException(whyNone(now)));
        if (!key.keyId().equals(signing)) {
            log.info(
                    "Signing as {} from now on ({})",
                    key.keyId(),
                    directory.find(key.keyId()).map(RegisteredKey::describe).orElse(""));
            signing = key.keyId();
        }
        return key;
    }

    private List<SigningKey> keys(Instant now) {
        if (loadedAt.equals(Instant.MIN) || loadedAt.plus(RESCAN).isBefore(now)) {
            loaded = own.keys();
            loadedAt = now;
        }
        return loaded;
    }

    private Optional<SigningKey> choose(List<SigningKey> keys, Instant now) {
        List<Candidate> valid = new ArrayList<>();
        for (SigningKey key : keys) {
            directory
                    .find(key.keyId())
                    .filter(registered -> registered.principal().equals(own.principal()))
                    .filter(registered -> registered.validAt(now))
                    .ifPresent(registered -> valid.add(new Candidate(key, registered)));
        }
        List<Candidate> settled = valid.stream()
                .filter(c -> c.registered().validAt(now.minus(SETTLE)))
                .toList();
        return (settled.isEmpty() ? valid : settled)
                .stream()
                        .max(Comparator.comparing(
                                (Candidate c) -> c.registered().validFrom()))
                        .map(Candidate::key);
    }

    private record Candidate(SigningKey key, RegisteredKey registered) {}

    private String whyNone(Instant now) {
        if (loaded.isEmpty()) {
            return "no signing key of " + own.principal() + " in " + own.folder() + ": make one and ask the operator"
                    + " to approve it (./ddrr keys request " + own.principal() + ")";
        }
        List<String> reasons = new ArrayList<>();
        for (SigningKey key : loaded) {
            reasons.add(directory
                    .find(key.keyId())
                    .map(registered -> registered.revokedAt(now)
                            ? key.keyId() + " was revoked from "
                                    + registered.revokedFrom().orElseThrow()
                            : now.isBefore(registered.validFrom())
                                    ? key.keyId() + " speaks only from " + registered.validFrom()
                                    : key.keyId() + " spoke only until "
                                            + registered.validUntil().orElseThrow())
                    .orElse(key.keyId() + " is not in the key directory (the operator has not approved its request)"));
        }
        return "no signing key of " + own.principal() + " speaks for it now: " + String.join("; ", reasons);
    }
}
