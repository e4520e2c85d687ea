package org.ddrrbus.client.subjectkeys;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SignedContent;
import org.ddrrbus.client.signing.SigningKey;

/**
 * A partner's request for one of a person's data keys, for one use, signed with the agency's own signing key (the one
 * the key directory says speaks for it): {@code GET /subject-keys/<subjectRef>/<retention>/<yyyy-MM>?use=seal|open}
 * with the headers {@value #SIGNING_KEY_HEADER}, {@value #TIME_HEADER} (RFC 3339) and {@value #SIGNATURE_HEADER}
 * (base64 Ed25519 signature of {@link #statement()}), and {@value #AUDIENCE_HEADER} where it is addressed to one key
 * holder of several (a linked bus's: {@code bus <cc>}), so that it cannot be sent on to another.
 *
 * @param signingKeyId the key id of the agency's signing key, {@code <agency>/<8 hex digits>}
 * @param time when it was asked, to the second; the holder refuses a request more than {@link #MAX_SKEW} away
 * @param audience the key holder it is addressed to, signed with the rest; empty for the bus's own key holder
 */
public record SubjectKeyRequest(
        Use use, SubjectKeyId keyId, String signingKeyId, Instant time, byte[] signature, Optional<String> audience) {

    public static final String FORMAT = "ddrr-subject-key-request-v1";
    public static final String PATH_PREFIX = "/subject-keys/";
    public static final String SIGNING_KEY_HEADER = "Ddrr-Signing-Key";
    public static final String TIME_HEADER = "Ddrr-Time";
    public static final String SIGNATURE_HEADER = "Ddrr-Signature";
    public static final String AUDIENCE_HEADER = "Ddrr-Audience";
    public static final Duration MAX_SKEW = Duration.ofMinutes(2);

    /** What the key is for: {@code seal} to publish about the person, {@code open} to read. */
    public enum Use {
        SEAL,
        OPEN;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException when it is neither {@code seal} nor {@code open} */
        public static Use of(String text) {
            for (Use use : values()) {
                if (use.text().equals(text)) {
                    return use;
                }
            }
            throw new IllegalArgumentException("use must be seal or open");
        }
    }

    public SubjectKeyRequest {
        Objects.requireNonNull(use, "use");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signingKeyId, "signingKeyId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(audience, "audience");
        signature = signature.clone();
    }

    public static SubjectKeyRequest sign(SigningKey key, Use use, SubjectKeyId id, Instant now) {
        return sign(key, use, id, now, Optional.empty());
    }

    /** A request addressed to {@code audience} alone, which its signature covers. */
    public static SubjectKeyRequest sign(
            SigningKey key, Use use, SubjectKeyId id, Instant now, Optional<String> audience) {
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        SubjectKeyRequest unsigned = new SubjectKeyRequest(use, id, key.keyId(), at, new byte[0], audience);
        return new SubjectKeyRequest(use, id, key.keyId(), at, key.sign(unsigned.statement()), audience);
    }

    /**
     * Reads a request from its path parts and headers, {@code audience} being the {@value #AUDIENCE_HEADER} header or
     * null without one.
     *
     * @throws IllegalArgumentException in one line, quoting nothing of the request
     */
    public static SubjectKeyRequest read(
            String subjectRef,
            String retention,
            String month,
            String use,
            String signingKeyId,
            String time,
            String signature,
            String audience) {
        if (signingKeyId == null || time == null || signature == null) {
            throw new IllegalArgumentException("a key request carries the headers " + SIGNING_KEY_HEADER + ", "
                    + TIME_HEADER + " and " + SIGNATURE_HEADER);
        }
        SubjectKeyId id = SubjectKeyId.parse(subjectRef + "/" + retention + "/" + month);
        try {
            return new SubjectKeyRequest(
                    Use.of(use),
                    id,
                    signingKeyId,
                    Instant.parse(time),
                    Base64.getDecoder().decode(signature),
                    Optional.ofNullable(audience));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException(TIME_HEADER + " must be an RFC 3339 UTC time");
        }
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The agency asking: the principal its signing key names. */
    public String agency() {
        int slash = signingKeyId.indexOf('/');
        return slash < 0 ? signingKeyId : signingKeyId.substring(0, slash);
    }

    /** The path and query to ask at, below the holder's base address. */
    public String path() {
        return PATH_PREFIX + keyId.text() + "?use=" + use.text();
    }

    /**
     * What is signed: the format, the use, the key id, the signing key id and the time, then the audience where it has
     * one, each length-prefixed (so a request with an audience never verifies as one without, nor the reverse).
     */
    public byte[] statement() {
        byte[][] parts = {
            use.text().getBytes(StandardCharsets.UTF_8),
            keyId.text().getBytes(StandardCharsets.UTF_8),
            signingKeyId.getBytes(StandardCharsets.UTF_8),
            time.toString().getBytes(StandardCharsets.UTF_8)
        };
        if (audience.isEmpty()) {
            return SignedContent.statement(FORMAT, parts);
        }
        byte[][] addressed = java.util.Arrays.copyOf(parts, parts.length + 1);
        addressed[parts.length] = audience.get().getBytes(StandardCharsets.UTF_8);
        return SignedContent.statement(FORMAT, addressed);
    }

    /**
     * Why a key holder refuses this request for its time (401): asked more than {@link #MAX_SKEW} from {@code now}, so
     * that a request seen once cannot be sent again later. Empty when in time.
     */
    public Optional<String> untimely(Instant now) {
        if (Duration.between(time, now).abs().compareTo(MAX_SKEW) <= 0) {
            return Optional.empty();
        }
        return Optional.of("the request's " + TIME_HEADER + " is more than " + MAX_SKEW.toMinutes()
                + " minutes from the key holder's clock");
    }

    /** Whether {@code publicKey} signed this request. */
    public boolean signedBy(byte[] publicKey) {
        return SigningKey.verify(publicKey, statement(), signature);
    }

    public String signatureText() {
        return Base64.getEncoder().encodeToString(signature);
    }
}
