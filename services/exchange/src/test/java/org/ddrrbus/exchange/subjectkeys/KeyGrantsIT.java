package org.ddrrbus.exchange.subjectkeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.subjectkeys.BusGrantLog;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.events.SubjectKeyUse;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key holder records every answer in {@code ddrr.key-grants} on a real broker, signed by the exchange, readable by
 * the auditor in clear; and where the record cannot be written (here: a principal the broker does not let write it),
 * the key is not given.
 */
class KeyGrantsIT {

    private static final TestBus bus = TestBus.shared();
    private static final EventCodec codec = new EventCodec();

    @TempDir
    Path dir;

    private KeyService keyHolder(BusGrantLog grants) {
        return new KeyService(
                new SubjectKeyStore(dir, Clock.systemUTC()),
                bus.agreement(),
                bus.keyDirectory(),
                Clock.systemUTC(),
                grants);
    }

    private static SubjectKeyRequest request(String agency, SubjectKeyRequest.Use use, SubjectKeyId id) {
        return SubjectKeyRequest.sign(bus.signingKey(agency), use, id, Instant.now());
    }

    @Test
    void everyAnswerIsASignedClearEventOfTheExchangeThatTheAuditorReads() {
        // A person of this run alone, on a broker the other tests of this JVM share.
        String person =
                "KE-GRNT-" + String.format("%04d", ThreadLocalRandom.current().nextInt(10_000));
        SubjectKeyId id = SubjectKeyId.of(person, Period.ofYears(10), Instant.now());
        KeyAnswer granted;
        KeyAnswer refused;
        try (BusGrantLog grants = new BusGrantLog(
                bus.clientProperties(Components.EXCHANGE), codec, bus.signingKeys(Components.EXCHANGE))) {
            KeyService holder = keyHolder(grants);
            granted = holder.answer(request("nctc", SubjectKeyRequest.Use.SEAL, id));
            refused = holder.answer(request("cicc", SubjectKeyRequest.Use.OPEN, id));
        } // closing the producer sends what it still holds: the refusal was answered without waiting for it
        assertThat(granted.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(403);

        List<ConsumerRecord<String, byte[]>> records = bus.readAll("auditor", Topics.KEY_GRANTS).stream()
                .filter(r -> person.equals(r.key()))
                .toList();
        assertThat(records).hasSize(2);
        for (ConsumerRecord<String, byte[]> record : records) {
            assertThat(SubjectCipher.isSealed(record.value())).as("in clear").isFalse();
            assertThat(bus.verifier().checkEvent(record.headers(), record.value(), record.timestamp()))
                    .isInstanceOfSatisfying(
                            SignatureCheck.Valid.class,
                            valid -> assertThat(valid.signer()).isEqualTo(Components.EXCHANGE));
        }
        List<SubjectKeyAnswered> answers = records.stream()
                .map(codec::open)
                .map(opened ->
                        (SubjectKeyAnswered) ((Opened.Valid) opened).envelope().event())
                .toList();
        assertThat(answers)
                .extracting(SubjectKeyAnswered::getAgency, SubjectKeyAnswered::getUse, SubjectKeyAnswered::getStatus)
                .containsExactly(tuple("nctc", SubjectKeyUse.SEAL, 200), tuple("cicc", SubjectKeyUse.OPEN, 403));
        assertThat(answers).allSatisfy(a -> assertThat(a.getKeyId()).isEqualTo(id.text()));
    }

    @Test
    void aGrantTheBrokerWillNotRecordGivesNoKey() {
        SubjectKeyId id = SubjectKeyId.of("KE-GRNT-DENY", Period.ofYears(10), Instant.now());
        // Logged in as an agency, which the broker does not let write ddrr.key-grants: the record fails at once.
        try (BusGrantLog grants =
                new BusGrantLog(bus.clientProperties("nctc"), codec, bus.signingKeys(Components.EXCHANGE))) {
            KeyAnswer answer = keyHolder(grants).answer(request("nctc", SubjectKeyRequest.Use.SEAL, id));

            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.body())
                    .startsWith("the key holder cannot record this grant in ddrr.key-grants, so no key was given: ")
                    .doesNotContain("{");
        }
    }
}
