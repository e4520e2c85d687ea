package org.ddrrbus.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The sealed value: Tink AEAD under the person's key, framed and bound to its record, unreadable once the key goes. */
class SubjectCipherTest {

    private static final String PERSON = "KE-SEAL-0001";
    private static final String ID = "7f1c9a52-6c1e-4a0b-9a55-1d2f3e4a5b6c";
    private static final String TYPE = "org.ddrrbus.events.ReturneeRegistered";
    private static final Instant TIME = Instant.parse("2026-12-04T07:00:00Z");
    private static final byte[] PLAIN = "areaOfReturn=Msambweni;phase=REINTEGRATION".getBytes(StandardCharsets.UTF_8);

    private final MemoryKeys keys = new MemoryKeys();
    private final SubjectCipher cipher = new SubjectCipher(keys, type -> Period.ofYears(10));

    private byte[] sealed() {
        return cipher.seal("ReturneeRegistered", ID, TYPE, PERSON, TIME, PLAIN);
    }

    @Test
    void aSealedValueOpensWithItsPersonsKeyAndShowsNothingOfTheContent() {
        byte[] value = sealed();

        assertThat(cipher.open(value, ID, TYPE, PERSON))
                .hasValueSatisfying(plain -> assertThat(plain).isEqualTo(PLAIN));
        assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain("Msambweni", "REINTEGRATION");
    }

    @Test
    void theFramingIsTheDocumentedOne() {
        byte[] value = sealed();
        byte[] keyId = "KE-SEAL-0001/P10Y/2026-12".getBytes(StandardCharsets.UTF_8);

        assertThat(Arrays.copyOfRange(value, 0, 3)).containsExactly(0xDD, 0x53, 0x01);
        assertThat(((value[3] & 0xFF) << 8) | (value[4] & 0xFF)).isEqualTo(keyId.length);
        assertThat(Arrays.copyOfRange(value, 5, 5 + keyId.length)).isEqualTo(keyId);
        // Tink's output prefix (01 and a 4-byte key id), a 12-byte IV, the encrypted bytes and a 16-byte tag.
        assertThat(value[5 + keyId.length]).isEqualTo((byte) 0x01);
        assertThat(value.length).isEqualTo(5 + keyId.length + 5 + 12 + PLAIN.length + 16);
        assertThat(SubjectCipher.parse(value).keyId())
                .isEqualTo(new SubjectKeyId(PERSON, Period.ofYears(10), YearMonth.of(2026, 12)));
    }

    @Test
    void aSealedValueMovedToAnotherEventOrTypeDoesNotOpen() {
        byte[] value = sealed();

        assertThatThrownBy(() -> cipher.open(value, "another-id", TYPE, PERSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the sealed value does not decrypt with its key: altered, or moved from another event");
        assertThatThrownBy(() -> cipher.open(value, ID, "org.ddrrbus.events.PhaseChanged", PERSON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cipher.open(value, ID, TYPE, "KE-SEAL-0002"))
                .hasMessage("the sealed value names the key of another person than ce_subject");
        byte[] altered = value.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> cipher.open(altered, ID, TYPE, PERSON)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onceThePersonsKeysAreDestroyedNothingOpensButOthersStillDo() {
        byte[] value = sealed();
        byte[] other = cipher.seal("ReturneeRegistered", ID, TYPE, "KE-SEAL-0002", TIME, PLAIN);

        keys.destroy(PERSON);

        assertThat(cipher.open(value, ID, TYPE, PERSON)).isEmpty();
        assertThat(cipher.open(other, ID, TYPE, "KE-SEAL-0002")).hasValue(PLAIN);
    }

    @Test
    void aReaderRefusesAVersionItDoesNotKnowAndSaysSo() {
        byte[] value = sealed();
        value[2] = 2;

        assertThatThrownBy(() -> SubjectCipher.parse(value))
                .hasMessage("sealed format version 2 is not known to this reader (it reads 1)");
        assertThatThrownBy(() -> SubjectCipher.parse(Arrays.copyOf(sealed(), 12)))
                .hasMessage("the sealed value ends before its ciphertext");
        assertThatThrownBy(() -> SubjectCipher.parse(new byte[] {(byte) 0xC3, 0x01, 0, 0}))
                .hasMessage("not a sealed value (no DD 53 marker)");
    }

    @Test
    void onlyEventsAboutAPersonAreSealedAndTheErasuresOwnEventsStayReadable() {
        assertThat(SubjectCipher.sealable("ReturneeRegistered", PERSON)).isTrue();
        assertThat(SubjectCipher.sealable("SubjectErased", PERSON)).isFalse();
        assertThat(SubjectCipher.sealable("ErasureReceipt", PERSON)).isFalse();
        assertThat(SubjectCipher.sealable("CommunityRiskAssessed", "area:kwale/msambweni"))
                .isFalse();
    }

    @Test
    void aKeyIdIsReadAsItIsWrittenAndNeverNamesAnythingButACaseCode() {
        SubjectKeyId id = new SubjectKeyId(PERSON, Period.ofYears(5), YearMonth.of(2026, 1));

        assertThat(SubjectKeyId.parse(id.text())).isEqualTo(id);
        assertThatThrownBy(() -> SubjectKeyId.parse("Amina Hassan/P5Y/2026-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain("Amina");
        assertThatThrownBy(() -> SubjectKeyId.parse(PERSON + "/five years/2026-01"))
                .hasMessage("a subject key id is <subjectRef>/<retention>/<yyyy-MM>");
        assertThatThrownBy(() -> SubjectKeyId.parse(PERSON + "/P999999999Y/+999999999-12"))
                .hasMessage("a subject key id's month and retention must end within the calendar");
    }
}
