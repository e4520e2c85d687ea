package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.federation.link.ErasureFixture.CODEC;
import static org.ddrrbus.federation.link.ErasureFixture.NATIONAL;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bus ke's quarantine keeps of a crossing copy its inlet opened and refused; without a broker. */
class InletSealingTest {

    @TempDir
    Path folder;

    private record Kept(ProducerRecord<String, byte[]> record, Envelope envelope, byte[] plain) {}

    private Kept refusedCopy(SubjectKeyStore keys, String subjectRef) {
        InletSealing sealing = new InletSealing(
                "ke", FederationSeal.keyPair(folder.resolve("fed.json")).opener(), keys, NATIONAL);
        BorderReturnRecorded event = new BorderReturnRecorded(subjectRef, "Mandera", "El Wak", null, LocalDate.now());
        Envelope envelope = CODEC.envelope("iom", event);
        byte[] plain = CODEC.encode(event);
        ProducerRecord<String, byte[]> record = CODEC.seal(Topics.QUARANTINE, envelope);
        return new Kept(
                new ProducerRecord<>(
                        Topics.QUARANTINE, null, subjectRef, sealing.quarantined(envelope, plain), record.headers()),
                envelope,
                plain);
    }

    @Test
    void anOpenedCopyIsKeptSealedUnderThisBussKeyOfThePersonSoAnErasureReachesIt() {
        SubjectKeyStore keys = new SubjectKeyStore(folder.resolve("keys"), Clock.systemUTC());
        EventCodec opening = new EventCodec().sealingWith(SubjectCipher.of(keys, NATIONAL));
        Kept kept = refusedCopy(keys, "SO-7Q2M-4XJD");

        assertThat(SubjectCipher.isSealed(kept.record().value())).isTrue();
        assertThat(FederationSeal.isSealedToBus(kept.record().value())).isFalse();
        assertThat(opening.open(ErasureFixture.read(kept.record())))
                .isInstanceOfSatisfying(
                        Opened.Valid.class,
                        valid -> assertThat(valid.envelope().event())
                                .isEqualTo(kept.envelope().event()));

        keys.destroy("SO-7Q2M-4XJD");
        assertThat(opening.open(ErasureFixture.read(kept.record())))
                .isInstanceOfSatisfying(
                        Opened.Refused.class,
                        refused -> assertThat(refused.rejection()).isInstanceOf(Rejection.KeyUnavailable.class));
    }

    @Test
    void nothingOfTheContentIsKeptForAPersonErasedHere() {
        SubjectKeyStore keys = new SubjectKeyStore(folder.resolve("keys"), Clock.systemUTC());
        keys.destroy("SO-7Q2M-4XJD");

        assertThat(refusedCopy(keys, "SO-7Q2M-4XJD").record().value()).isNull();
    }
}
