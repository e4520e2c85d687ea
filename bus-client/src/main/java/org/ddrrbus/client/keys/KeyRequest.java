package org.ddrrbus.client.keys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.text.OneLine;
import org.ddrrbus.client.topic.Topics;

/**
 * A partner's request to register a new signing key: the agency, the new public key, when it was asked, and a proof of
 * possession (the new private key's signature over all of that), so nobody can ask to register a key they do not
 * hold, and nothing in the request can be changed on its way to the operator. It holds no secret: the private key
 * never leaves the partner's node. A small text file, one {@code name=value} per line, that people can read.
 */
public record KeyRequest(String agency, String keyId, byte[] publicKey, Instant requestedAt, byte[] proof) {

    public static final String FORMAT = "ddrr-key-request-v1";
    /** A request is a few hundred bytes; anything much larger is not one. */
    static final int MAX_CHARS = 4096;

    private static final List<String> FIELDS =
            List.of("format", "agency", "keyId", "publicKey", "requestedAt", "proof");

    public KeyRequest {
        Objects.requireNonNull(agency, "agency");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        publicKey = publicKey.clone();
        proof = proof.clone();
    }

    /** A request for {@code key}, proven by it. */
    public static KeyRequest of(SigningKey key, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        byte[] proof = key.sign(proven(key.principal(), key.publicKey(), at));
        return new KeyRequest(key.principal(), key.keyId(), key.publicKey(), at, proof);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] proof() {
        return proof.clone();
    }

    /** Whether the proof of possession is the requested key's signature of this very request. */
    public boolean proven() {
        return keyId.equals(SigningKey.keyId(agency, publicKey))
                && SigningKey.verify(publicKey, proven(agency, publicKey, requestedAt), proof);
    }

    private static byte[] proven(String agency, byte[] publicKey, Instant requestedAt) {
        return SignedContent.statement(
                FORMAT,
                agency.getBytes(StandardCharsets.UTF_8),
                publicKey,
                requestedAt.toString().getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        Base64.Encoder base64 = Base64.getEncoder();
        return "# A request to register a signing key in the key directory of the ddrr bus. It holds no secret:\n"
                + "# give it to the bus operator, who approves it with ./ddrr keys approve <this file>.\n"
                + "format=" + FORMAT + "\n"
                + "agency=" + agency + "\n"
                + "keyId=" + keyId + "\n"
                + "publicKey=" + base64.encodeToString(publicKey) + "\n"
                + "requestedAt=" + requestedAt + "\n"
                + "proof=" + base64.encodeToString(proof) + "\n";
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KeyDirectoryException("cannot write the key request " + file + ": " + e.getMessage(), e);
        }
    }

    public static KeyRequest read(Path file) {
        try {
            if (Files.size(file) > MAX_CHARS) {
                throw new KeyDirectoryException(
                        file + " is not a key request: it is larger than " + MAX_CHARS + " bytes");
            }
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new KeyDirectoryException("no key request at " + file);
        } catch (IOException e) {
            throw new KeyDirectoryException("cannot read the key request " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a request, refusing in one line anything that is not exactly one: unknown or repeated fields, a key that
     * is not 32 bytes, a key id that is not the key's. The proof is checked by {@link #proven()}, not here.
     */
    public static KeyRequest parse(String text, String source) {
        if (text.length() > MAX_CHARS) {
            throw refused(source, "it is longer than " + MAX_CHARS + " characters");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw refused(source, "line " + (i + 1) + " is not name=value");
            }
            String name = line.substring(0, equals).strip();
            if (!FIELDS.contains(name)) {
                throw refused(source, "line " + (i + 1) + " has an unknown field '" + OneLine.of(name, 40) + "'");
            }
            if (fields.put(name, line.substring(equals + 1).strip()) != null) {
                throw refused(source, "the field " + name + " appears more than once");
            }
        }
        for (String name : FIELDS) {
            if (!fields.containsKey(name)) {
                throw refused(source, "the field " + name + " is missing");
            }
        }
        if (!FORMAT.equals(fields.get("format"))) {
            throw refused(source, "format is '" + OneLine.of(fields.get("format"), 40) + "', not " + FORMAT);
        }
        String agency = fields.get("agency");
        if (!Topics.isAgencyId(agency)) {
            throw refused(source, "'" + OneLine.of(agency, 40) + "' is not an agency id");
        }
        byte[] publicKey = base64(source, "publicKey", fields.get("publicKey"));
        if (publicKey.length != SigningKey.PUBLIC_KEY_BYTES) {
            throw refused(source, "publicKey is not a 32-byte Ed25519 public key");
        }
        String keyId = fields.get("keyId");
        if (!keyId.equals(SigningKey.keyId(agency, publicKey))) {
            throw refused(
                    source,
                    "keyId " + OneLine.of(keyId, 60) + " is not the id of its public key ("
                            + SigningKey.keyId(agency, publicKey) + ")");
        }
        Instant requestedAt;
        try {
            requestedAt = Instant.parse(fields.get("requestedAt"));
        } catch (DateTimeParseException e) {
            throw refused(source, "requestedAt is not an RFC 3339 UTC timestamp");
        }
        byte[] proof = base64(source, "proof", fields.get("proof"));
        if (proof.length != SigningKey.SIGNATURE_BYTES) {
            throw refused(source, "proof is not a 64-byte Ed25519 signature");
        }
        return new KeyRequest(agency, keyId, publicKey, requestedAt, proof);
    }

    private static byte[] base64(String source, String field, String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw refused(source, field + " is not base64");
        }
    }

    private static KeyDirectoryException refused(String source, String why) {
        return new KeyDirectoryException(source + " is not a valid key request: " + why);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyRequest that
                && agency.equals(that.agency)
                && keyId.equals(that.keyId)
                && Arrays.equals(publicKey, that.publicKey)
                && requestedAt.equals(that.requestedAt)
                && Arrays.equals(proof, that.proof);
    }

    @Override
    public int hashCode() {
        return Objects.hash(agency, keyId, requestedAt);
    }

    @Override
    public String toString() {
        return "KeyRequest[" + keyId + " at " + requestedAt + "]";
    }
}
