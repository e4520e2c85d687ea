package org.ddrrbus.client.signing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A principal's Ed25519 private key. Its key id, {@code <principal>/<first 8 hex digits of SHA-256(public key)>},
 * names the signer and tells a verifier which public key to use, so keys can be rotated without ambiguity.
 */
public final class SigningKey {

    public static final int PUBLIC_KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private final String principal;
    private final Ed25519PrivateKeyParameters privateKey;
    private final String keyId;

    public SigningKey(String principal, byte[] privateSeed) {
        this.principal = principal;
        this.privateKey = new Ed25519PrivateKeyParameters(privateSeed, 0);
        this.keyId = keyId(principal, privateKey.generatePublicKey().getEncoded());
    }

    public static SigningKey generate(String principal) {
        return new SigningKey(principal, new Ed25519PrivateKeyParameters(new SecureRandom()).getEncoded());
    }

    /** Reads a key file: the base64 of the 32-byte private seed on one line, as {@link #write} leaves it. */
    public static SigningKey read(Path file, String principal) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        }
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the signing key " + file + " is not base64");
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("the signing key " + file + " does not hold a 32-byte Ed25519 key");
        }
        return new SigningKey(principal, seed);
    }

    /** Writes the private key to a new file readable by its owner only, in a folder only the owner may enter. */
    public void write(Path file) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            ownerOnly(folder, "rwx------");
            Files.writeString(
                    file,
                    Base64.getEncoder().encodeToString(privateSeed()) + "\n",
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            ownerOnly(file, "rw-------");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the signing key of " + principal + " to " + file, e);
        }
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system.
        }
    }

    public String principal() {
        return principal;
    }

    public String keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return privateKey.generatePublicKey().getEncoded();
    }

    byte[] privateSeed() {
        return privateKey.getEncoded();
    }

    /**
     * Signs a message: a 32-byte Merkle root, or a statement made unambiguous by {@link SignedContent#statement}, which
     * is always longer than a root, so a signature over one can never be passed off as a signature over the other.
     * Ed25519Signer is not thread-safe; a fresh one per signature costs nothing.
     */
    public byte[] sign(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public static String keyId(String principal, byte[] publicKey) {
        return principal + "/" + HexFormat.of().formatHex(Merkle.sha256(publicKey), 0, 4);
    }

    /** Whether {@code signature} is the Ed25519 signature of {@code message} by {@code publicKey}; false if malformed. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null
                || publicKey.length != PUBLIC_KEY_BYTES
                || signature == null
                || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, decoded(publicKey));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    /** At most this many public keys are kept decoded; a bus has a few dozen. */
    private static final int MOST_DECODED = 1024;

    /** Public keys decoded once, by all their 32 bytes (never by a key id, which names only 32 bits of them). */
    private static final Map<ByteBuffer, Ed25519PublicKeyParameters> DECODED = new ConcurrentHashMap<>();

    /**
     * The public key as BouncyCastle verifies with it. Decoding it (a square root in the field) took a tenth of each
     * verification, and {@code audit verify} verifies a root for every few records of a run published slowly.
     */
    private static Ed25519PublicKeyParameters decoded(byte[] publicKey) {
        Ed25519PublicKeyParameters known = DECODED.get(ByteBuffer.wrap(publicKey));
        if (known != null) {
            return known;
        }
        Ed25519PublicKeyParameters fresh = new Ed25519PublicKeyParameters(publicKey, 0);
        if (DECODED.size() >= MOST_DECODED) {
            DECODED.clear();
        }
        DECODED.put(ByteBuffer.wrap(publicKey.clone()), fresh);
        return fresh;
    }
}
