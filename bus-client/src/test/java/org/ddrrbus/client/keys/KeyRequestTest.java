package org.ddrrbus.client.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.ddrrbus.client.signing.SigningKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request proves its key's holder asked for exactly this, and anything else is refused in one line. */
class KeyRequestTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    private final SigningKey iom = SigningKey.generate("iom");

    @Test
    void aWrittenRequestReadsBackAndProvesItself(@TempDir Path dir) {
        KeyRequest request = KeyRequest.of(iom, NOW);
        request.write(dir.resolve("iom.request"));

        KeyRequest read = KeyRequest.read(dir.resolve("iom.request"));

        assertThat(read).isEqualTo(request);
        assertThat(read.proven()).isTrue();
        assertThat(read.keyId()).isEqualTo(iom.keyId());
        assertThat(read.text()).doesNotContain(Base64.getEncoder().encodeToString(iom.sign(new byte[0])));
    }

    @Test
    void aRequestWhoseKeyOrAgencyWasSwappedNoLongerProvesItself() {
        KeyRequest honest = KeyRequest.of(iom, NOW);
        SigningKey other = SigningKey.generate("nctc");
        // Another agency's key put into iom's request, with a matching key id: the proof is iom's key's, not this
        // one's.
        String swapped = honest.text()
                .replace("agency=iom", "agency=nctc")
                .replace("keyId=" + iom.keyId(), "keyId=" + other.keyId())
                .replace(
                        Base64.getEncoder().encodeToString(iom.publicKey()),
                        Base64.getEncoder().encodeToString(other.publicKey()));
        String redated = honest.text().replace("requestedAt=" + NOW, "requestedAt=" + NOW.minusSeconds(86_400));

        assertThat(KeyRequest.parse(swapped, "swapped").proven()).isFalse();
        assertThat(KeyRequest.parse(redated, "redated").proven()).isFalse();
    }

    @Test
    void malformedRequestsAreRefusedInOneLine() {
        String good = KeyRequest.of(iom, NOW).text();

        assertThatThrownBy(() -> KeyRequest.parse("hello", "f"))
                .isInstanceOf(KeyDirectoryException.class)
                .hasMessage("f is not a valid key request: line 1 is not name=value");
        assertThatThrownBy(() -> KeyRequest.parse(good.replace("agency=iom\n", ""), "f"))
                .hasMessage("f is not a valid key request: the field agency is missing");
        assertThatThrownBy(() -> KeyRequest.parse(good + "agency=iom\n", "f"))
                .hasMessage("f is not a valid key request: the field agency appears more than once");
        assertThatThrownBy(() -> KeyRequest.parse(good + "privateKey=abc\n", "f"))
                .hasMessageContaining("unknown field 'privateKey'");
        assertThatThrownBy(() -> KeyRequest.parse(good.replace("agency=iom", "agency=IOM\nx"), "f"))
                .hasMessageStartingWith("f is not a valid key request: ");
        assertThatThrownBy(() -> KeyRequest.parse(good.replace("keyId=iom/", "keyId=iom/0"), "f"))
                .hasMessageContaining("is not the id of its public key");
        assertThatThrownBy(() -> KeyRequest.parse(good.replace("requestedAt=2026", "requestedAt=yesterday"), "f"))
                .hasMessage("f is not a valid key request: requestedAt is not an RFC 3339 UTC timestamp");
        assertThatThrownBy(() -> KeyRequest.parse("format=x\n".repeat(1000), "f"))
                .hasMessage("f is not a valid key request: it is longer than 4096 characters");
        assertThatThrownBy(() -> KeyRequest.read(Path.of("no-such-request")))
                .hasMessage("no key request at no-such-request");
    }
}
