package org.ddrrbus.launcher.keys;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;

/**
 * The operator's part that {@code ./ddrr up} plays for its own components: it keeps the directory key apart, gives
 * the components its public half, and registers each local component's key through the same request and approval a
 * partner's node goes through. The components then learn every key from the directory on the bus, not from files.
 */
public final class LocalOperator {

    private LocalOperator() {}

    /**
     * Makes what is missing and registers every local key the directory does not hold yet.
     *
     * @param keysDir the components' keys folder: {@code private/} gets each principal's key, {@code directory.pub}
     *     the trust anchor
     * @return every key of the directory
     */
    public static List<RegisteredKey> registerLocalKeys(
            Map<String, Object> admin, Path data, Path keysDir, SharingAgreement agreement, PrintWriter out) {
        DirectoryKey directoryKey = DirectoryKey.provision(OperatorOptions.directoryKeyFile(data));
        directoryKey.anchor().write(keysDir.resolve(DirectoryAnchor.FILE_NAME));
        Map<String, PrivateKeys> keys = new java.util.TreeMap<>();
        for (String principal : KeyRegistrar.principalsOf(agreement)) {
            PrivateKeys own = PrivateKeys.at(keysDir.resolve("private"), principal);
            own.ensureOne();
            keys.put(principal, own);
        }
        return register(admin, directoryKey, keys, agreement, out);
    }

    /**
     * Registers each principal's newest key, from its own keys folder, unless the directory holds it already: what the
     * operator would approve from each node's request.
     *
     * @return every key of the directory
     */
    public static List<RegisteredKey> register(
            Map<String, Object> admin,
            DirectoryKey directoryKey,
            Map<String, PrivateKeys> keys,
            SharingAgreement agreement,
            PrintWriter out) {
        List<String> registered = new ArrayList<>();
        try (KeyRegistrar registrar = KeyRegistrar.connect(
                admin, directoryKey, KeyRegistrar.principalsOf(agreement), Clock.systemUTC(), Duration.ofSeconds(30))) {
            for (PrivateKeys own : keys.values()) {
                SigningKey key = own.ensureOne();
                registrar
                        .registerOwn(own, madeAt(own, key).orElse(Instant.now()))
                        .ifPresent(
                                approval -> registered.add(approval.registered().keyId()));
            }
            if (!registered.isEmpty()) {
                out.println("Registered " + registered.size() + " signing key(s) in the key directory.");
            }
            return registrar.keys();
        }
    }

    /**
     * A key kept as {@code <principal>.key} was made before the key directory existed, and events on the bus may be
     * signed with it: it speaks from when its file was written, so they still verify.
     */
    private static Optional<Instant> madeAt(PrivateKeys keys, SigningKey key) {
        Path legacy = keys.folder().resolve(keys.principal() + ".key");
        try {
            if (Files.isRegularFile(legacy)
                    && SigningKey.read(legacy, keys.principal()).keyId().equals(key.keyId())) {
                Instant written = Files.getLastModifiedTime(legacy).toInstant();
                return Optional.of(written.isBefore(Instant.now()) ? written : Instant.now());
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
