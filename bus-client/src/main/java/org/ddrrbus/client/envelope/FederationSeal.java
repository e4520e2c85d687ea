package org.ddrrbus.client.envelope;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import org.ddrrbus.client.rejection.Rejection;

/**
 * Seals an event's content to another national bus for the crossing between two federated buses, and opens it again
 * there: the copy on {@code ddrr.federation.<from>-to-<to>} (and MirrorMaker 2's copy of it) is readable only with the
 * receiving exchange's federation key, whose public part is that bus's {@code sealingKey} in the federation agreement.
 *
 * <p>A value sealed to a bus, byte by byte (all integers big-endian), in the family of {@link SubjectCipher}'s sealed
 * values (same marker, version 2), so every check for a sealed value ({@link SubjectCipher#isSealed}) counts it sealed:
 *
 * <pre>
 * DD 53                marker: a sealed value
 * 02                   version 2: sealed to a bus's federation key (version 1 is sealed under a person's key)
 * n (2 bytes)          length of the recipient
 * recipient (n bytes)  UTF-8, {@code federation/<cc>}: the bus whose exchange alone opens it
 * ciphertext (rest)    Tink hybrid encryption, HPKE DHKEM_X25519_HKDF_SHA256 / HKDF_SHA256 / AES_256_GCM (RFC 9180,
 *                      Tink's key-id prefix), of the event's plain Avro single-object encoding
 * </pre>
 *
 * <p>The context info (HPKE's associated data) binds the ciphertext to its record as {@link SubjectCipher} binds its
 * own: the tag {@value #ASSOCIATED_DATA_TAG}, the recipient, {@code ce_id}, {@code ce_type} and {@code ce_subject}, each
 * as a 4-byte length and its UTF-8 bytes, so a sealed value moved to another event, type, person or bus does not open.
 * The cryptography is Tink's; nothing here is more than framing.
 */
public final class FederationSeal {

    public static final byte VERSION_2 = 2;
    public static final String ASSOCIATED_DATA_TAG = "ddrr-federation-sealed-v2";
    public static final String RECIPIENT_PREFIX = Rejection.KeyUnavailable.TO_BUS;
    private static final int PREFIX = SubjectCipher.PREFIX;

    /** The one suite a federation key pair uses; a {@code sealingKey} of any other is refused at load. */
    public static final HpkeParameters PARAMETERS;

    static {
        try {
            HybridConfig.register();
            PARAMETERS = HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.TINK)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's hybrid encryption could not be registered", e);
        }
    }

    private FederationSeal() {}

    /** Whether a value is sealed to a bus (version 2 of the sealed values). */
    public static boolean isSealedToBus(byte[] value) {
        return SubjectCipher.isSealed(value) && value.length > 2 && value[2] == VERSION_2;
    }

    /** The recipient a federation-sealed value names for bus {@code country}. */
    public static String recipient(String country) {
        return RECIPIENT_PREFIX + country;
    }

    /**
     * A bus's public sealing key as the federation agreement holds it: Tink's binary keyset without secret, base64.
     *
     * @throws IllegalArgumentException when it is not one HPKE public key of {@link #PARAMETERS}
     */
    public static HybridEncrypt publicKey(String base64) {
        try {
            KeysetHandle handle = TinkProtoKeysetFormat.parseKeysetWithoutSecret(
                    Base64.getDecoder().decode(base64));
            if (handle.size() != 1
                    || !handle.getPrimary().getKey().getParameters().equals(PARAMETERS)) {
                throw new IllegalArgumentException("not one HPKE X25519/HKDF-SHA256/AES-256-GCM public key");
            }
            return handle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "not a base64 Tink public keyset of one HPKE X25519/HKDF-SHA256/AES-256-GCM key");
        }
    }

    /**
     * An exchange's federation key pair: the private part opens what is sealed to its bus, with any key of its keyset
     * as the file holds it now; the public part is its primary key's.
     */
    public record KeyPair(HybridDecrypt opener, String publicKey) {}

    /**
     * The federation key pair kept in {@code file} (Tink's JSON keyset, with its secret), made there if none exists
     * yet: the file 600 and its folder 700, readable by the exchange's user only.
     */
    public static KeyPair keyPair(Path file) {
        try {
            if (!Files.exists(file)) {
                Path folder = file.toAbsolutePath().getParent();
                if (!Files.exists(folder)) {
                    Files.createDirectories(
                            folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                KeysetHandle made = KeysetHandle.generateNew(PARAMETERS);
                String json = TinkJsonProtoKeysetFormat.serializeKeyset(made, InsecureSecretKeyAccess.get());
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(
                            file, json, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                } catch (FileAlreadyExistsException e) {
                    // Made meanwhile by another process of the same exchange: use that one.
                }
            }
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(
                    Files.readString(file, StandardCharsets.UTF_8), InsecureSecretKeyAccess.get());
            // Rotated (FederationKeyset): the primary key's public part alone; every key of the keyset opens.
            return new KeyPair(FederationKeyset.opener(file, handle), FederationKeyset.publicKeyOf(handle));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("unreadable federation key pair " + file.getFileName(), e);
        }
    }

    /** Seals {@code plain} (an event's single-object encoding) to bus {@code country}, bound to its record. */
    public static byte[] seal(
            HybridEncrypt to, String country, String ceId, String ceType, String subject, byte[] plain) {
        byte[] recipient = recipient(country).getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext;
        try {
            ciphertext = to.encrypt(plain, contextInfo(recipient, ceId, ceType, subject));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not encrypt", e);
        }
        return SubjectCipher.framedValue(VERSION_2, recipient, ciphertext);
    }

    /** The bus a federation-sealed value is sealed to. @throws IllegalArgumentException when malformed */
    public static String recipientOf(byte[] value) {
        return new String(value, PREFIX, recipientLength(value), StandardCharsets.UTF_8);
    }

    /**
     * Opens a value sealed to bus {@code country} with its exchange's private key.
     *
     * @return the plain single-object encoding
     * @throws IllegalArgumentException in one line that quotes nothing from it, when the value is malformed, sealed to
     *     another bus, or does not decrypt (altered, moved from another event, or sealed to another key)
     */
    public static byte[] open(
            HybridDecrypt with, String country, byte[] value, String ceId, String ceType, String subject) {
        if (!isSealedToBus(value)) {
            throw new IllegalArgumentException("not a value sealed to a bus (no DD 53 02 marker)");
        }
        int length = recipientLength(value);
        byte[] recipient = Arrays.copyOfRange(value, PREFIX, PREFIX + length);
        if (!Arrays.equals(recipient, recipient(country).getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("the value is sealed to another bus than " + country);
        }
        try {
            return with.decrypt(
                    Arrays.copyOfRange(value, PREFIX + length, value.length),
                    contextInfo(recipient, ceId, ceType, subject));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the value sealed to bus " + country + " does not decrypt with its exchange's federation key:"
                            + " altered, moved from another event, or sealed to another key");
        }
    }

    /** Why a reader without the receiving exchange's key opens no value sealed to a bus: it names the bus. */
    static Rejection unopened(byte[] value) {
        try {
            return new Rejection.KeyUnavailable(recipientOf(value));
        } catch (IllegalArgumentException e) {
            return new Rejection.MalformedBody("sealed value", e.getMessage());
        }
    }

    private static int recipientLength(byte[] value) {
        return SubjectCipher.labelLength(value, "recipient");
    }

    private static byte[] contextInfo(byte[] recipient, String ceId, String ceType, String subject) {
        return SubjectCipher.framed(ASSOCIATED_DATA_TAG, recipient, ceId, ceType, subject);
    }
}
