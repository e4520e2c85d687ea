package org.ddrrbus.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating an exchange's federation key pair: the new primary seals, the replaced key still opens until it is
 * destroyed a retention after it stopped being primary, and then its bytes are gone from the file.
 */
class FederationKeysetTest {

    private static final String ID = "2b7d0c1e-9f3a-4c55-8e21-6a0f1b2c3d4e";
    private static final String TYPE = "org.ddrrbus.events.BorderReturnRecorded";
    private static final String PERSON = "SO-ROTA-0001";
    private static final byte[] PLAIN = "borderPoint=Mandera Town".getBytes(StandardCharsets.UTF_8);
    private static final Duration RETENTION = Duration.ofDays(7);
    private static final Instant ROTATED = Instant.parse("2026-12-05T00:00:00Z");

    @TempDir
    Path home;

    private Path file;
    private FederationSeal.KeyPair first;
    /** A value the other bus sealed to the first key, before the rotation. */
    private byte[] sealedToFirst;

    @BeforeEach
    void aKeyPairAndACopySealedToIt() {
        file = home.resolve("exchange/keys/federation/sealing-key.json");
        first = FederationSeal.keyPair(file);
        sealedToFirst = sealTo(first.publicKey());
    }

    @Test
    void afterARotationTheNewKeySealsAndWhatWasSealedToTheOldOneStillOpens() throws Exception {
        FederationKeyset.Keys keys = FederationKeyset.rotate(file, ROTATED, RETENTION, Optional.empty());

        assertThat(keys.publicKey()).isNotEqualTo(first.publicKey());
        FederationSeal.KeyPair rotated = FederationSeal.keyPair(file);
        assertThat(rotated.publicKey()).isEqualTo(keys.publicKey());
        // One public key, the agreement's form: the other bus seals to the new key alone.
        assertThat(FederationSeal.publicKey(keys.publicKey())).isNotNull();
        assertThat(keys.retired()).hasSize(1).containsValue(ROTATED);
        assertThat(keys.destroyed()).isEmpty();
        byte[] sealedToNew = sealTo(keys.publicKey());
        assertThat(open(rotated, sealedToNew)).isEqualTo(PLAIN);
        assertThat(open(rotated, sealedToFirst)).isEqualTo(PLAIN);
        // The opener a running inlet took before the rotation reads the new file: it opens the new key's copies too.
        assertThat(open(first, sealedToNew)).isEqualTo(PLAIN);
        assertThat(ownerOnly(file)).isEqualTo("rw-------");
        assertThat(ownerOnly(FederationKeyset.retiredFile(file))).isEqualTo("rw-------");
        assertThat(Files.readString(FederationKeyset.retiredFile(file)))
                .contains(Integer.toUnsignedString(
                                keys.retired().keySet().iterator().next()) + "=" + ROTATED);
    }

    @Test
    void aReplacedKeyIsKeptForTheRetentionThenDestroyedAndItsBytesAreGoneFromTheFile() throws Exception {
        byte[] firstSecret = secretOfOnlyKey(file);
        String firstStored = storedValues(Files.readString(file)).get(0);
        // The check below finds the key's bytes where they are stored.
        assertThat(indexOf(Base64.getDecoder().decode(firstStored), firstSecret))
                .isNotNegative();
        FederationKeyset.Keys rotated = FederationKeyset.rotate(file, ROTATED, RETENTION, Optional.empty());
        int firstId = rotated.retired().keySet().iterator().next();

        FederationKeyset.Keys sixDays =
                FederationKeyset.destroyExpired(file, ROTATED.plus(Duration.ofDays(6)), RETENTION, Optional.empty());
        assertThat(sixDays.destroyed()).isEmpty();
        assertThat(open(FederationSeal.keyPair(file), sealedToFirst)).isEqualTo(PLAIN);

        FederationKeyset.Keys eightDays =
                FederationKeyset.destroyExpired(file, ROTATED.plus(Duration.ofDays(8)), RETENTION, Optional.empty());

        assertThat(eightDays.destroyed()).containsOnlyKeys(firstId);
        assertThat(eightDays.retired()).isEmpty();
        assertThat(eightDays.primary()).isEqualTo(rotated.primary());
        String text = Files.readString(file);
        assertThat(text).doesNotContain(firstStored);
        for (String value : storedValues(text)) {
            assertThat(indexOf(Base64.getDecoder().decode(value), firstSecret))
                    .as("the destroyed private key's bytes")
                    .isEqualTo(-1);
        }
        assertThat(Files.readString(FederationKeyset.retiredFile(file)))
                .doesNotContain(Integer.toUnsignedString(firstId));
        assertThat(ownerOnly(file)).isEqualTo("rw-------");
        assertThatThrownBy(() -> open(FederationSeal.keyPair(file), sealedToFirst))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt");
        // A running inlet's opener reads the file again: the destroyed key no longer opens there either.
        assertThatThrownBy(() -> open(first, sealedToFirst)).isInstanceOf(IllegalArgumentException.class);
        assertThat(open(first, sealTo(rotated.publicKey()))).isEqualTo(PLAIN);
    }

    @Test
    void aKeyTheAgreementStillNamesIsNotDestroyed() {
        FederationKeyset.Keys rotated = FederationKeyset.rotate(file, ROTATED, RETENTION, Optional.empty());
        int firstId = rotated.retired().keySet().iterator().next();

        FederationKeyset.Keys later = FederationKeyset.destroyExpired(
                file, ROTATED.plus(Duration.ofDays(30)), RETENTION, Optional.of(first.publicKey()));

        assertThat(later.destroyed()).isEmpty();
        assertThat(later.stillNamed()).contains(firstId);
        assertThat(open(FederationSeal.keyPair(file), sealedToFirst)).isEqualTo(PLAIN);
    }

    @Test
    void aSecondRotationPastTheRetentionDestroysTheFirstKeyAndAKeyWithoutARecordIsKeptAWholeRetention()
            throws Exception {
        FederationKeyset.Keys second = FederationKeyset.rotate(file, ROTATED, RETENTION, Optional.empty());
        Files.delete(FederationKeyset.retiredFile(file));
        Instant lost = ROTATED.plus(Duration.ofDays(8));

        // The record lost: the first key counts as retired now, not destroyed early.
        FederationKeyset.Keys kept = FederationKeyset.destroyExpired(file, lost, RETENTION, Optional.empty());
        assertThat(kept.destroyed()).isEmpty();
        assertThat(kept.retired()).containsValue(lost);

        FederationKeyset.Keys third =
                FederationKeyset.rotate(file, lost.plus(Duration.ofDays(8)), RETENTION, Optional.empty());
        assertThat(third.destroyed()).hasSize(1);
        assertThat(third.retired()).containsOnlyKeys(second.primary());
        assertThat(open(FederationSeal.keyPair(file), sealTo(second.publicKey())))
                .isEqualTo(PLAIN);
        assertThatThrownBy(() -> open(FederationSeal.keyPair(file), sealedToFirst))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableKeysetIsNamed() throws Exception {
        Files.writeString(file, "{not a keyset");

        assertThatThrownBy(() -> FederationKeyset.rotate(file, ROTATED, RETENTION, Optional.empty()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("unreadable federation key pair " + file + ": not a Tink keyset");
    }

    private static byte[] sealTo(String publicKey) {
        return FederationSeal.seal(FederationSeal.publicKey(publicKey), "ke", ID, TYPE, PERSON, PLAIN);
    }

    private static byte[] open(FederationSeal.KeyPair pair, byte[] value) {
        return FederationSeal.open(pair.opener(), "ke", value, ID, TYPE, PERSON);
    }

    private static String ownerOnly(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** The private key bytes of the keyset's only key. */
    private static byte[] secretOfOnlyKey(Path path) throws Exception {
        KeysetHandle handle =
                TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(path), InsecureSecretKeyAccess.get());
        assertThat(handle.size()).isEqualTo(1);
        return ((HpkePrivateKey) handle.getPrimary().getKey())
                .getPrivateKeyBytes()
                .toByteArray(InsecureSecretKeyAccess.get());
    }

    /** The base64 key material of each key in a Tink JSON keyset. */
    private static List<String> storedValues(String json) {
        List<String> values = new ArrayList<>();
        Matcher value =
                Pattern.compile("\"value\"\\s*:\\s*\"([A-Za-z0-9+/=]+)\"").matcher(json);
        while (value.find()) {
            values.add(value.group(1));
        }
        assertThat(values).isNotEmpty();
        return values;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            boolean found = true;
            for (int j = 0; j < needle.length && found; j++) {
                found = haystack[i + j] == needle[j];
            }
            if (found) {
                return i;
            }
        }
        return -1;
    }
}
