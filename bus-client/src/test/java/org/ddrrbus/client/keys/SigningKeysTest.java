package org.ddrrbus.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A principal signs with the newest of its own keys that the directory says speaks for it now. */
class SigningKeysTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    private final Map<String, RegisteredKey> directory = new HashMap<>();

    private SigningKeys at(PrivateKeys own, Instant now) {
        return new SigningKeys(
                own, keyId -> Optional.ofNullable(directory.get(keyId)), Clock.fixed(now, ZoneOffset.UTC));
    }

    private void register(SigningKey key, Instant from, Instant until) {
        directory.put(
                key.keyId(),
                new RegisteredKey(
                        key.keyId(),
                        key.principal(),
                        key.publicKey(),
                        from,
                        Optional.ofNullable(until),
                        Optional.empty()));
    }

    @Test
    void aNewKeyTakesOverOnceSettledWhileTheOldOneStillSpeaks(@TempDir Path dir) {
        PrivateKeys own = PrivateKeys.at(dir, "iom");
        SigningKey old = own.generate();
        SigningKey successor = own.generate();
        register(old, T.minusSeconds(86_400), T.plusSeconds(3600));
        register(successor, T, null);

        assertThat(at(own, T.plusMillis(500)).current().keyId()).isEqualTo(old.keyId());
        assertThat(at(own, T.plus(SigningKeys.SETTLE)).current().keyId()).isEqualTo(successor.keyId());
    }

    @Test
    void aNewKeyWithNoOtherValidKeySignsAtOnce(@TempDir Path dir) {
        PrivateKeys own = PrivateKeys.at(dir, "iom");
        SigningKey only = own.generate();
        register(only, T, null);

        assertThat(at(own, T).current().keyId()).isEqualTo(only.keyId());
    }

    @Test
    void noKeyThatSpeaksNowIsSaidInOneLine(@TempDir Path dir) {
        PrivateKeys own = PrivateKeys.at(dir, "iom");
        assertThatThrownBy(() -> at(own, T).current())
                .isInstanceOf(KeyDirectoryException.class)
                .hasMessage("no signing key of iom in " + dir + ": make one and ask the operator to approve it"
                        + " (./ddrr keys request iom)");

        SigningKey pending = own.generate();
        SigningKey ended = own.generate();
        register(ended, T.minusSeconds(7200), T.minusSeconds(3600));

        // Each key is named with why it cannot speak, on one line (in the order the keys were made, which two keys
        // made within the file system's time resolution do not have).
        String notApproved =
                pending.keyId() + " is not in the key directory (the operator has not approved its request)";
        String expired = ended.keyId() + " spoke only until " + T.minusSeconds(3600);
        assertThatThrownBy(() -> at(own, T).current())
                .hasMessageStartingWith("no signing key of iom speaks for it now: ")
                .hasMessageContaining(notApproved)
                .hasMessageContaining(expired)
                .hasMessageNotContaining("\n");
    }

    @Test
    void aKeyFileOfAnotherAgencyOrARenamedOneIsRefused(@TempDir Path dir) throws Exception {
        SigningKey nctc = PrivateKeys.at(dir, "nctc").generate();
        // nctc's key copied in as iom's: it is iom/<nctc's fingerprint>, which the directory never registered.
        Files.copy(
                dir.resolve("nctc." + nctc.keyId().substring(5) + ".key"),
                dir.resolve("iom." + nctc.keyId().substring(5) + ".key"));
        PrivateKeys iom = PrivateKeys.at(dir, "iom");
        register(nctc, T.minusSeconds(60), null);

        assertThatThrownBy(() -> at(iom, T).current())
                .hasMessageContaining("iom/" + nctc.keyId().substring(5) + " is not in the key directory");

        Files.move(dir.resolve("iom." + nctc.keyId().substring(5) + ".key"), dir.resolve("iom.00000000.key"));
        assertThatThrownBy(iom::keys).hasMessageContaining("a key file was renamed or replaced");
    }
}
