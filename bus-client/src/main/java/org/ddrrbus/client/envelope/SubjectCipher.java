package org.ddrrbus.client.envelope;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.AeadConfig;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.Period;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.rejection.Rejection;

/**
 * Seals an event's value under its person's data key, and opens it again while the key exists (crypto-shredding).
 *
 * <p>A sealed value, byte by byte (all integers big-endian):
 *
 * <pre>
 * DD 53                marker: a sealed value (an Avro single-object value starts C3 01 instead)
 * 01                   the sealed format's version
 * n (2 bytes)          length of the key id
 * key id (n bytes)     UTF-8, &lt;subjectRef&gt;/&lt;retention&gt;/&lt;yyyy-MM&gt; ({@link SubjectKeyId#text()})
 * ciphertext (rest)    Tink AEAD (AES256_GCM keyset) of the event's Avro single-object encoding:
 *                      01, 4-byte Tink key id, 12-byte IV, encrypted bytes, 16-byte tag
 * </pre>
 *
 * <p>The associated data binds the ciphertext to its record: the tag {@value #ASSOCIATED_DATA_TAG} then the key id,
 * {@code ce_id}, {@code ce_type} and {@code ce_subject}, each as a 4-byte length and its UTF-8 bytes (the framing of
 * the signatures' parts), so a sealed value moved to another event, type or person does not open. The cryptography is Tink's; nothing here is
 * more than framing.
 */
public final class SubjectCipher {

    public static final byte MARKER_0 = (byte) 0xDD;
    public static final byte MARKER_1 = (byte) 0x53;
    public static final byte VERSION_1 = 1;
    public static final String ASSOCIATED_DATA_TAG = "ddrr-sealed-v1";
    /** Marker, version and the label's 2-byte length: what comes before the label in every sealed format. */
    static final int PREFIX = 5;

    /**
     * Types whose content stays readable: the erasure's own events (they must be read after the key is gone, and hold
     * nothing about the person but the case code) and the exchange's refusal notices (they hold a reason, never a
     * body), the auditor's access log and the key holder's record of each key it granted or refused (the case code, an
     * agency, a key id and a time: it must show who obtained a person's keys after those keys are destroyed). Everything
     * else about a person is sealed.
     */
    public static final Set<String> CLEAR_TYPES = Set.of(
            "SubjectErased",
            "ErasureConfirmed",
            "ErasureReceipt",
            "DeliveryRejected",
            "AuditAccessRecorded",
            "SubjectKeyAnswered");

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink's AEAD could not be registered", e);
        }
    }

    private final SubjectKeys keys;
    private final Function<String, Period> retentionOf;

    /**
     * @param keys where the keys come from
     * @param retentionOf each event type's retention in the agreement, by the type's name
     */
    public SubjectCipher(SubjectKeys keys, Function<String, Period> retentionOf) {
        this.keys = keys;
        this.retentionOf = retentionOf;
    }

    /** A cipher whose retentions are the agreement's: a type the agreement does not name has no key. */
    public static SubjectCipher of(SubjectKeys keys, SharingAgreement agreement) {
        return new SubjectCipher(
                keys,
                type -> agreement
                        .policy(type)
                        .map(EventPolicy::retention)
                        .orElseThrow(() -> new IllegalArgumentException("the agreement names no event type " + type)));
    }

    public SubjectKeys keys() {
        return keys;
    }

    /** Whether an event of this type about this subject is sealed: it is about a person and not of a clear type. */
    public static boolean sealable(String typeName, String subject) {
        return SubjectRefs.isCaseCode(subject) && !CLEAR_TYPES.contains(typeName);
    }

    /**
     * {@link Rejection.NotSealed} when {@code value} is the plain value of an event of {@code typeName} about
     * {@code subject} that must be sealed ({@link #sealable}): the rule of a bus whose partners all seal.
     */
    public static Optional<Rejection> notSealed(String typeName, String subject, byte[] value) {
        return !isSealed(value) && sealable(typeName, subject)
                ? Optional.of(new Rejection.NotSealed(typeName))
                : Optional.empty();
    }

    /** Whether a value is sealed (of any version), as opposed to a plain Avro single-object value. */
    public static boolean isSealed(byte[] value) {
        return value != null && value.length >= 2 && value[0] == MARKER_0 && value[1] == MARKER_1;
    }

    /** The key for an event of {@code typeName} about {@code subject} at {@code time}. */
    public SubjectKeyId keyIdFor(String typeName, String subject, Instant time) {
        return SubjectKeyId.of(subject, retentionOf.apply(typeName), time);
    }

    /** Seals {@code plain} (an event's single-object encoding) under the person's key for its type and month. */
    public byte[] seal(String typeName, String ceId, String ceType, String subject, Instant time, byte[] plain) {
        SubjectKeyId id = keyIdFor(typeName, subject, time);
        return seal(id, keys.keyFor(id), ceId, ceType, plain);
    }

    /** Seals {@code plain} under {@code key}, named {@code id}. */
    public static byte[] seal(SubjectKeyId id, Aead key, String ceId, String ceType, byte[] plain) {
        byte[] keyId = id.text().getBytes(StandardCharsets.UTF_8);
        byte[] ciphertext;
        try {
            ciphertext = key.encrypt(plain, associatedData(keyId, ceId, ceType, id.subjectRef()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not encrypt", e);
        }
        return framedValue(VERSION_1, keyId, ciphertext);
    }

    /**
     * A sealed value of any version: the marker, {@code version}, the label's 2-byte length, the label (the key id, or
     * the bus it is sealed to) and the ciphertext.
     */
    static byte[] framedValue(byte version, byte[] label, byte[] ciphertext) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX + label.length + ciphertext.length);
        out.write(MARKER_0);
        out.write(MARKER_1);
        out.write(version);
        out.write(label.length >>> 8);
        out.write(label.length);
        out.writeBytes(label);
        out.writeBytes(ciphertext);
        return out.toByteArray();
    }

    /**
     * The length of a sealed value's label ({@code what}: its key id, or its recipient), once the value is known to
     * hold the whole label and some ciphertext after it.
     *
     * @throws IllegalArgumentException saying where the value ends too soon
     */
    static int labelLength(byte[] value, String what) {
        if (value.length < PREFIX) {
            throw new IllegalArgumentException("the sealed value ends before its " + what);
        }
        int length = ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
        if (value.length <= PREFIX + length) {
            throw new IllegalArgumentException("the sealed value ends before its ciphertext");
        }
        return length;
    }

    /**
     * Seals {@code plain} under the key {@code original} was sealed under: how the exchange seals the copy of an event
     * with fields withheld that it delivers to a recipient.
     *
     * @throws IllegalStateException when that key is no longer held
     */
    public byte[] resealAs(byte[] original, String ceId, String ceType, byte[] plain) {
        SubjectKeyId id = parse(original).keyId();
        Aead key = keys.find(id)
                .orElseThrow(() -> new IllegalStateException("the key " + id.text() + " is no longer held"));
        return seal(id, key, ceId, ceType, plain);
    }

    /** A sealed value taken apart, not yet opened. */
    public record Sealed(int version, SubjectKeyId keyId, byte[] ciphertext) {}

    /**
     * Takes a sealed value apart.
     *
     * @throws IllegalArgumentException saying what is wrong with it, in one line that quotes nothing from it
     */
    public static Sealed parse(byte[] value) {
        if (!isSealed(value)) {
            throw new IllegalArgumentException("not a sealed value (no DD 53 marker)");
        }
        if (value.length < PREFIX) {
            throw new IllegalArgumentException("the sealed value ends before its key id");
        }
        int version = value[2] & 0xFF;
        if (version != VERSION_1) {
            throw new IllegalArgumentException(
                    "sealed format version " + version + " is not known to this reader (it reads " + VERSION_1 + ")");
        }
        int length = labelLength(value, "key id");
        SubjectKeyId keyId = SubjectKeyId.parse(new String(value, PREFIX, length, StandardCharsets.UTF_8));
        return new Sealed(version, keyId, Arrays.copyOfRange(value, PREFIX + length, value.length));
    }

    /**
     * Opens a sealed value with the person's key, if this component holds it.
     *
     * @return the plain single-object encoding; empty when the key is gone (erased, expired) or not held here
     * @throws IllegalArgumentException when the value is malformed, names another person's key than
     *     {@code ceSubject}, or does not decrypt (altered, or moved from another event)
     */
    public Optional<byte[]> open(byte[] value, String ceId, String ceType, String ceSubject) {
        Sealed sealed = parse(value);
        if (!sealed.keyId().subjectRef().equals(ceSubject)) {
            throw new IllegalArgumentException("the sealed value names the key of another person than ce_subject");
        }
        return keys.find(sealed.keyId()).map(key -> open(sealed, key, ceId, ceType));
    }

    /** Opens a sealed value with {@code key}. @throws IllegalArgumentException when it does not decrypt */
    public static byte[] open(Sealed sealed, Aead key, String ceId, String ceType) {
        try {
            return key.decrypt(
                    sealed.ciphertext(),
                    associatedData(
                            sealed.keyId().text().getBytes(StandardCharsets.UTF_8),
                            ceId,
                            ceType,
                            sealed.keyId().subjectRef()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the sealed value does not decrypt with its key: altered, or moved from another event");
        }
    }

    private static byte[] associatedData(byte[] keyId, String ceId, String ceType, String subject) {
        return framed(ASSOCIATED_DATA_TAG, keyId, ceId, ceType, subject);
    }

    /**
     * What binds a sealed value to its record, for this format and {@link FederationSeal}'s alike: the format's tag,
     * the key id or recipient, {@code ce_id}, {@code ce_type} and {@code ce_subject}, each as a 4-byte length and its
     * bytes (the framing of the signatures' parts).
     */
    static byte[] framed(String tag, byte[] keyOrRecipient, String ceId, String ceType, String subject) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (byte[] part : new byte[][] {
            tag.getBytes(StandardCharsets.UTF_8),
            keyOrRecipient,
            ceId.getBytes(StandardCharsets.UTF_8),
            ceType.getBytes(StandardCharsets.UTF_8),
            subject.getBytes(StandardCharsets.UTF_8)
        }) {
            out.writeBytes(ByteBuffer.allocate(4).putInt(part.length).array());
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
