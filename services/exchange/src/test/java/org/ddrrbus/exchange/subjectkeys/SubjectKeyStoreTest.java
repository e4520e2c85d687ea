package org.ddrrbus.exchange.subjectkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-person keys: made on first use, private to their holder, gone for good on erasure and at retention's end. */
class SubjectKeyStoreTest {

    private static final String PERSON = "KE-KEYS-0001";
    private static final String OTHER = "KE-KEYS-0002";
    private static final byte[] CONTENT = "areaOfReturn=Msambweni".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONTEXT = "ce_id=1".getBytes(StandardCharsets.UTF_8);
    private static final Instant EVENT_TIME = Instant.parse("2026-12-04T07:00:00Z");

    @TempDir
    Path dir;

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void aPersonsKeyIsMadeOnceAndDecryptsWhatItEncrypted() throws GeneralSecurityException {
        SubjectKeyStore store = new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z"));
        SubjectKeyId id = SubjectKeyId.of(PERSON, Period.ofYears(10), EVENT_TIME);

        byte[] sealed = store.keyFor(id).encrypt(CONTENT, CONTEXT);

        assertThat(store.keyFor(id).decrypt(sealed, CONTEXT)).isEqualTo(CONTENT);
        assertThat(new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z"))
                        .find(id)
                        .orElseThrow()
                        .decrypt(sealed, CONTEXT))
                .isEqualTo(CONTENT);
        assertThatThrownBy(() -> store.keyFor(SubjectKeyId.of(OTHER, Period.ofYears(10), EVENT_TIME))
                        .decrypt(sealed, CONTEXT))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @Test
    void keysAreReadableByTheirOwnerOnly() throws IOException {
        SubjectKeyStore store = new SubjectKeyStore(dir.resolve("keys"), at("2026-12-04T08:00:00Z"));
        store.keyFor(SubjectKeyId.of(PERSON, Period.ofYears(10), EVENT_TIME));

        for (Path path : everything(dir.resolve("keys"))) {
            String expected = Files.isDirectory(path) ? "rwx------" : "rw-------";
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                    .as(path.toString())
                    .isEqualTo(expected);
        }
    }

    @Test
    void erasureDestroysEveryKeyOfThePersonAndNoByteOfThemStaysOnDisk() throws IOException {
        SubjectKeyStore store = new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z"));
        SubjectKeyId tenYears = SubjectKeyId.of(PERSON, Period.ofYears(10), EVENT_TIME);
        SubjectKeyId twoYears = SubjectKeyId.of(PERSON, Period.ofYears(2), EVENT_TIME);
        store.keyFor(tenYears);
        store.keyFor(twoYears);
        store.keyFor(SubjectKeyId.of(OTHER, Period.ofYears(10), EVENT_TIME));
        store.recordDelivery(PERSON, "cicc");
        store.recordDelivery(OTHER, "cicc");
        List<byte[]> keyBytes = new ArrayList<>();
        for (Path key : everything(dir.resolve(PERSON))) {
            if (Files.isRegularFile(key) && key.getFileName().toString().endsWith(".json")) {
                keyBytes.add(Files.readAllBytes(key));
            }
        }

        assertThat(store.destroy(PERSON))
                .as("keys, not the record of deliveries")
                .isEqualTo(2);
        assertThat(store.delivered(PERSON, "cicc"))
                .as("whom the person's events reached goes too")
                .isFalse();
        assertThat(store.deliveredToAnyone(PERSON)).isFalse();
        store.recordDelivery(PERSON, "cicc");
        assertThat(store.delivered(PERSON, "cicc"))
                .as("nothing is recorded for a person erased")
                .isFalse();
        assertThat(store.delivered(OTHER, "cicc")).isTrue();

        assertThat(store.find(tenYears)).isEmpty();
        assertThat(store.find(twoYears)).isEmpty();
        assertThat(store.destroy(PERSON)).isZero();
        assertThat(store.find(SubjectKeyId.of(OTHER, Period.ofYears(10), EVENT_TIME)))
                .isPresent();
        byte[] left = allBytes(dir);
        for (byte[] key : keyBytes) {
            assertThat(indexOf(left, key)).as("a destroyed key's bytes").isEqualTo(-1);
        }
    }

    @Test
    void noKeyIsMadeAgainForAPersonErased() {
        SubjectKeyStore store = new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z"));
        SubjectKeyId id = SubjectKeyId.of(PERSON, Period.ofYears(10), EVENT_TIME);
        store.keyFor(id);

        store.destroy(PERSON);

        assertThat(store.erased(PERSON)).isTrue();
        assertThatThrownBy(() -> store.keyFor(id))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(PERSON + " was erased: no key is made for the person again");
        assertThat(store.find(id)).isEmpty();
        assertThat(store.erased(OTHER)).isFalse();
    }

    @Test
    void aKeyExpiresAtTheEndOfItsMonthPlusTheRetentionOfItsType() throws GeneralSecurityException {
        SubjectKeyId twoYears = SubjectKeyId.of(PERSON, Period.ofYears(2), EVENT_TIME);
        SubjectKeyId tenYears = SubjectKeyId.of(PERSON, Period.ofYears(10), EVENT_TIME);
        SubjectKeyStore now = new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z"));
        byte[] sealed = now.keyFor(twoYears).encrypt(CONTENT, CONTEXT);
        now.keyFor(tenYears);
        assertThat(twoYears.expiresAt()).isEqualTo(Instant.parse("2029-01-01T00:00:00Z"));

        SubjectKeyStore justBefore = new SubjectKeyStore(dir, at("2028-12-31T23:59:59Z"));
        assertThat(justBefore.expire()).isEmpty();
        assertThat(justBefore.find(twoYears).orElseThrow().decrypt(sealed, CONTEXT))
                .isEqualTo(CONTENT);

        SubjectKeyStore later = new SubjectKeyStore(dir, at("2029-01-01T00:00:00Z"));
        assertThat(later.find(twoYears)).as("expired even before the sweep").isEmpty();
        assertThat(later.expire()).containsExactly(twoYears);
        assertThat(new SubjectKeyStore(dir, at("2026-12-04T08:00:00Z")).find(twoYears))
                .as("gone from disk, whatever the clock says")
                .isEmpty();
        assertThat(later.find(tenYears)).isPresent();
        assertThatThrownBy(() -> later.keyFor(twoYears))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void noKeyIsMadeForWhatIsNotACaseCode() {
        assertThatThrownBy(() -> SubjectKeyId.of("Amina Hassan", Period.ofYears(10), EVENT_TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Amina");
    }

    private static List<Path> everything(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.toList();
        }
    }

    private static byte[] allBytes(Path root) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Path path : everything(root)) {
            if (Files.isRegularFile(path)) {
                out.write(Files.readAllBytes(path));
            }
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
