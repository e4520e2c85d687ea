package org.ddrrbus.client.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Base64;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.BorderReturnRecorded;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value sealed to a bus for the crossing: HPKE to the receiving exchange's federation key, framed as version 2 of the
 * sealed values and bound to its record and its bus; nobody else opens it.
 */
class FederationSealTest {

    private static final String PERSON = "SO-SEAL-0001";
    private static final String ID = "2b7d0c1e-9f3a-4c55-8e21-6a0f1b2c3d4e";
    private static final String TYPE = "org.ddrrbus.events.BorderReturnRecorded";
    private static final byte[] PLAIN = "borderPoint=Mandera Town".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path home;

    /** Two exchanges' key pairs, made once for the class. */
    private static FederationSeal.KeyPair ke;

    private static FederationSeal.KeyPair other;

    @BeforeAll
    static void twoKeyPairs() {
        ke = FederationSeal.keyPair(home.resolve("ke/sealing-key.json"));
        other = FederationSeal.keyPair(home.resolve("other/sealing-key.json"));
    }

    @Test
    void aValueSealedToABusOpensOnlyWithThatBussKeyAndShowsNothingOfTheContent() {
        byte[] value = FederationSeal.seal(FederationSeal.publicKey(ke.publicKey()), "ke", ID, TYPE, PERSON, PLAIN);

        assertThat(FederationSeal.open(ke.opener(), "ke", value, ID, TYPE, PERSON))
                .isEqualTo(PLAIN);
        assertThat(new String(value, StandardCharsets.ISO_8859_1)).doesNotContain("Mandera");
        assertThat(Arrays.copyOfRange(value, 0, 3)).containsExactly(0xDD, 0x53, 0x02);
        assertThat(SubjectCipher.isSealed(value)).isTrue();
        assertThat(FederationSeal.isSealedToBus(value)).isTrue();
        assertThat(FederationSeal.recipientOf(value)).isEqualTo("federation/ke");
    }

    @Test
    void movedToAnotherEventTypePersonOrBusOrOpenedWithAnotherKeyItDoesNotOpen() {
        byte[] value = FederationSeal.seal(FederationSeal.publicKey(ke.publicKey()), "ke", ID, TYPE, PERSON, PLAIN);

        assertThatThrownBy(() -> FederationSeal.open(ke.opener(), "ke", value, "another-id", TYPE, PERSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> FederationSeal.open(ke.opener(), "ke", value, ID, TYPE + "X", PERSON))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FederationSeal.open(ke.opener(), "ke", value, ID, TYPE, "SO-SEAL-0002"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FederationSeal.open(ke.opener(), "so", value, ID, TYPE, PERSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the value is sealed to another bus than so");
        assertThatThrownBy(() -> FederationSeal.open(other.opener(), "ke", value, ID, TYPE, PERSON))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not decrypt");
        byte[] altered = value.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> FederationSeal.open(ke.opener(), "ke", altered, ID, TYPE, PERSON))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theKeyPairIsKeptInAFileOnlyItsOwnerReadsAndReadAgainTheSame() throws Exception {
        Path file = home.resolve("exchange/keys/federation/sealing-key.json");
        FederationSeal.KeyPair made = FederationSeal.keyPair(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(FederationSeal.keyPair(file).publicKey()).isEqualTo(made.publicKey());
        // The public part holds no secret: it is not the private keyset.
        assertThat(Files.readString(file)).doesNotContain(made.publicKey());
    }

    @Test
    void aSealingKeyThatIsNotOneHpkePublicKeyIsRefused() {

        assertThat(FederationSeal.publicKey(ke.publicKey())).isNotNull();
        for (String bad : new String[] {"not base64!", Base64.getEncoder().encodeToString(new byte[32])}) {
            assertThatThrownBy(() -> FederationSeal.publicKey(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("not a base64 Tink public keyset of one HPKE X25519/HKDF-SHA256/AES-256-GCM key");
        }
    }

    @Test
    void aReaderOnAnyBusSeesThatTheContentIsSealedToTheReceivingExchangeAndOpensNothing() {
        EventCodec codec = new EventCodec();
        ProducerRecord<String, byte[]> plain = codec.seal(
                "ddrr.federation.so-to-ke",
                codec.envelope(
                        "iom",
                        new BorderReturnRecorded(PERSON, "Mandera", "Mandera Town", null, LocalDate.of(2026, 12, 4))));
        String id = HeaderText.of(plain.headers(), CloudEventHeaders.ID).orElseThrow();
        byte[] value =
                FederationSeal.seal(FederationSeal.publicKey(ke.publicKey()), "ke", id, TYPE, PERSON, plain.value());

        Opened opened = codec.open(new RecordOrigin(plain.topic(), 0, 0, PERSON), plain.headers(), value);

        assertThat(opened).isInstanceOf(Opened.Refused.class);
        Rejection rejection = ((Opened.Refused) opened).rejection();
        assertThat(rejection).isEqualTo(new Rejection.KeyUnavailable("federation/ke"));
        assertThat(rejection.detail()).contains("sealed to bus ke for the crossing");
    }
}
