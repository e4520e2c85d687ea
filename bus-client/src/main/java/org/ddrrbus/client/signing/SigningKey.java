package org.ddrrbus.client.signing;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * A principal's Ed25519 private key. Its key id, {@code <principal>/<first 8 hex digits of SHA-256(public key)>},
 * names the signer and tells a verifier which public key to use, so keys can be rotated without ambiguity.
 */
public final class SigningKey {

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

    /** Signs a 32-byte Merkle root. Ed25519Signer is not thread-safe; a fresh one per signature costs nothing. */
    byte[] sign(byte[] root) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(root, 0, root.length);
        return signer.generateSignature();
    }

    static String keyId(String principal, byte[] publicKey) {
        return principal + "/" + HexFormat.of().formatHex(Merkle.sha256(publicKey), 0, 4);
    }

    static boolean verify(byte[] publicKey, byte[] root, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(root, 0, root.length);
        return verifier.verifySignature(signature);
    }
}
