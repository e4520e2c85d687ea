package org.ddrrbus.client.subjectkeys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.util.Optional;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Test;

/** A request's signature covers whom it is addressed to, so it cannot be sent on to another key holder. */
class SubjectKeyRequestTest {

    private final SigningKey key = SigningKey.generate("exchange");
    private final SubjectKeyId id = new SubjectKeyId("SO-7Q2M-4XJD", Period.ofYears(10), YearMonth.of(2026, 12));
    private final Instant now = Instant.parse("2026-12-05T12:00:00Z");

    @Test
    void anAddressedRequestVerifiesAsReadOnlyWithItsOwnAudience() {
        SubjectKeyRequest sent =
                SubjectKeyRequest.sign(key, SubjectKeyRequest.Use.OPEN, id, now, Optional.of("bus so"));

        assertThat(read(sent, "bus so").signedBy(key.publicKey())).isTrue();
        assertThat(read(sent, "bus ug").signedBy(key.publicKey())).isFalse();
        assertThat(read(sent, null).signedBy(key.publicKey())).isFalse();
    }

    @Test
    void aRequestWithoutAudienceDoesNotVerifyWithOneAdded() {
        SubjectKeyRequest sent = SubjectKeyRequest.sign(key, SubjectKeyRequest.Use.OPEN, id, now);

        assertThat(read(sent, null).signedBy(key.publicKey())).isTrue();
        assertThat(read(sent, "bus so").signedBy(key.publicKey())).isFalse();
    }

    /** The request as a key holder reads it from the path and headers, with {@code audience} as its header says. */
    private static SubjectKeyRequest read(SubjectKeyRequest sent, String audience) {
        String[] parts = sent.keyId().text().split("/");
        return SubjectKeyRequest.read(
                parts[0],
                parts[1],
                parts[2],
                sent.use().text(),
                sent.signingKeyId(),
                sent.time().toString(),
                sent.signatureText(),
                audience);
    }
}
