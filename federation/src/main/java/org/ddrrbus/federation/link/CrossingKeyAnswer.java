package org.ddrrbus.federation.link;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SignedContent;

/**
 * A person's key as the key holder for the linked bus gives it: sealed to that bus's federation key (its
 * {@code sealingKey} in the agreement), bound to the key's id and to that bus, and base64-encoded. So the key is never
 * in the clear outside the two exchanges, even for whoever replays a captured request within its time window or reads
 * the channel: only the asking bus's exchange opens the answer.
 */
final class CrossingKeyAnswer {

    static final String CONTEXT_TAG = "ddrr-crossing-key-v1";

    private CrossingKeyAnswer() {}

    /** Seals Tink's JSON keyset of {@code id} to bus {@code to}. */
    static String seal(HybridEncrypt sealTo, String to, SubjectKeyId id, String keyset) {
        try {
            return Base64.getEncoder()
                    .encodeToString(sealTo.encrypt(keyset.getBytes(StandardCharsets.UTF_8), context(to, id)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not encrypt", e);
        }
    }

    /**
     * Opens an answer sealed to bus {@code local} with its exchange's federation key.
     *
     * @throws GeneralSecurityException when it is not base64, or does not decrypt as the keyset of {@code id} for that
     *     bus
     */
    static String open(HybridDecrypt opener, String local, SubjectKeyId id, String answer)
            throws GeneralSecurityException {
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(answer.strip());
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the answer is not sealed to bus " + local);
        }
        return new String(opener.decrypt(sealed, context(local, id)), StandardCharsets.UTF_8);
    }

    private static byte[] context(String bus, SubjectKeyId id) {
        return SignedContent.statement(
                CONTEXT_TAG,
                CrossingKeyHolder.recipient(bus).getBytes(StandardCharsets.UTF_8),
                id.text().getBytes(StandardCharsets.UTF_8));
    }
}
