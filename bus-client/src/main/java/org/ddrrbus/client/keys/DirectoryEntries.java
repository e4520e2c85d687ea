package org.ddrrbus.client.keys;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;

/**
 * Statements as records of {@code ddrr.keys}: keyed by key id, the encoded entry as value, and the operator's
 * signature over both in headers. Opening a record checks that signature against the trust anchor before anything
 * else, so nothing the operator did not sign ever reaches a verifier.
 */
final class DirectoryEntries {

    /** What the directory signature covers: this tag, the record key and the value, so neither can be swapped. */
    static final String SIGNED_AS = "ddrr-key-directory-v1";

    private final StatementCodec codec = new StatementCodec();

    /** The outcome of reading one record of the directory. */
    sealed interface Read {
        record Statement(KeyStatement statement) implements Read {}

        /** Not a statement of the operator; {@code why} is one line for the log. */
        record Ignored(String why) implements Read {}
    }

    ProducerRecord<String, byte[]> seal(KeyStatement statement, DirectoryKey signer) {
        String key = statement.key().keyId();
        byte[] value = codec.encode(statement);
        Headers headers = new RecordHeaders();
        headers.add(SignatureHeaders.DIRECTORY_KEY, signer.keyId().getBytes(StandardCharsets.UTF_8));
        headers.add(SignatureHeaders.DIRECTORY_SIGNATURE, signer.sign(signed(key, value)));
        return new ProducerRecord<>(Topics.KEYS, 0, key, value, headers);
    }

    Read open(String key, byte[] value, Headers headers, DirectoryAnchor anchor) {
        if (key == null || value == null) {
            return new Read.Ignored("a record without a key or value");
        }
        byte[] signer = single(headers, SignatureHeaders.DIRECTORY_KEY);
        byte[] signature = single(headers, SignatureHeaders.DIRECTORY_SIGNATURE);
        if (signer == null || signature == null) {
            return new Read.Ignored("not signed by the operator's directory key (no single directory signature)");
        }
        String signerId = new String(signer, StandardCharsets.UTF_8);
        if (!signerId.equals(anchor.keyId())) {
            return new Read.Ignored("signed by " + OneLine.of(signerId, 80) + ", not by the operator's directory key "
                    + anchor.keyId());
        }
        if (!anchor.verifies(signed(key, value), signature)) {
            return new Read.Ignored("its directory signature does not match its content (forged or altered)");
        }
        KeyStatement statement;
        try {
            statement = codec.decode(value);
        } catch (IllegalArgumentException e) {
            return new Read.Ignored(OneLine.first(e.getMessage(), 200));
        }
        if (!statement.key().keyId().equals(key)) {
            return new Read.Ignored("its record key " + OneLine.of(key, 80) + " is not the key id it states");
        }
        if (!Topics.isAgencyId(statement.key().principal())) {
            return new Read.Ignored("it names no principal of the bus");
        }
        return new Read.Statement(statement);
    }

    private static byte[] signed(String key, byte[] value) {
        return SignedContent.statement(SIGNED_AS, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static byte[] single(Headers headers, String name) {
        byte[] found = null;
        for (Header header : headers.headers(name)) {
            if (found != null || header.value() == null) {
                return null;
            }
            found = header.value();
        }
        return found;
    }
}
