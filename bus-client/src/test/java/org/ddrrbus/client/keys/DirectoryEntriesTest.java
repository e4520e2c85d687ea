package org.ddrrbus.client.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.signing.SignatureHeaders;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.junit.jupiter.api.Test;

/** Only what the operator's directory key signed is read as a statement; the rest is ignored with a reason. */
class DirectoryEntriesTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");

    private final DirectoryKey operator = DirectoryKey.generate();
    private final DirectoryEntries entries = new DirectoryEntries();
    private final SigningKey iom = SigningKey.generate("iom");
    private final KeyStatement statement = new KeyStatement(
            new RegisteredKey(iom.keyId(), "iom", iom.publicKey(), T, Optional.empty(), Optional.of(T.plusSeconds(9))),
            T.plusSeconds(10));

    private DirectoryEntries.Read open(ProducerRecord<String, byte[]> record) {
        return entries.open(record.key(), record.value(), record.headers(), operator.anchor());
    }

    @Test
    void aStatementSignedByTheOperatorReadsBackWhole() {
        ProducerRecord<String, byte[]> record = entries.seal(statement, operator);

        assertThat(record.topic()).isEqualTo(Topics.KEYS);
        assertThat(record.key()).isEqualTo(iom.keyId());
        assertThat(record.value()[0]).isEqualTo((byte) 0xC3);
        assertThat(open(record)).isEqualTo(new DirectoryEntries.Read.Statement(statement));
    }

    @Test
    void aStatementSignedByAnyOtherKeyIsIgnored() {
        DirectoryKey impostor = DirectoryKey.generate();
        ProducerRecord<String, byte[]> forged = entries.seal(statement, impostor);

        assertThat(open(forged))
                .isEqualTo(new DirectoryEntries.Read.Ignored(
                        "signed by " + impostor.keyId() + ", not by the operator's directory key " + operator.keyId()));
    }

    @Test
    void anAlteredStatementOrOneMovedToAnotherKeyIsIgnored() {
        ProducerRecord<String, byte[]> sealed = entries.seal(statement, operator);
        byte[] altered = sealed.value().clone();
        altered[altered.length - 1] ^= 1;
        Headers unsigned = new RecordHeaders();
        unsigned.add(SignatureHeaders.DIRECTORY_KEY, operator.keyId().getBytes(StandardCharsets.UTF_8));

        assertThat(entries.open(sealed.key(), altered, sealed.headers(), operator.anchor()))
                .isEqualTo(new DirectoryEntries.Read.Ignored(
                        "its directory signature does not match its content (forged or altered)"));
        assertThat(entries.open("iom/00000000", sealed.value(), sealed.headers(), operator.anchor()))
                .isInstanceOf(DirectoryEntries.Read.Ignored.class);
        assertThat(entries.open(sealed.key(), sealed.value(), unsigned, operator.anchor()))
                .isInstanceOf(DirectoryEntries.Read.Ignored.class);
    }
}
