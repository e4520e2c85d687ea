package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ddrrbus.federation.link.ErasureFixture.envelope;
import static org.ddrrbus.federation.link.ErasureFixture.signed;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.client.envelope.CloudEventHeaders;
import org.ddrrbus.client.envelope.FederationHeaders;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.signing.KeyRing;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.ErasureReason;
import org.ddrrbus.events.SubjectErased;
import org.junit.jupiter.api.Test;

/** The outlet's decisions on an erasure, without a broker: which erasures leave bus so for bus ke. */
class ErasureLeavingTest {

    private static final String FLOW = FederationTopics.flow("so", "ke");

    private final SigningKey nctc = SigningKey.generate("nctc");
    private final SigningKey exchange = SigningKey.generate(Components.EXCHANGE);
    private final ErasureLeaving leaving = new ErasureLeaving(
            "so",
            ErasureFixture.agreement(),
            ErasureFixture.NATIONAL,
            new SignatureVerifier(KeyRing.of(nctc, exchange)),
            RecordSigner.sender(() -> exchange));

    private static SubjectErased erasureOf(String subjectRef) {
        return new SubjectErased(subjectRef, LocalDate.now(), ErasureReason.PERSON_REQUEST);
    }

    private Optional<ProducerRecord<String, byte[]>> leaving(ConsumerRecord<String, byte[]> record) {
        return leaving.leaving(record, envelope(record), FLOW);
    }

    @Test
    void anErasureOfACaseCodeThisBusIssuedLeavesAsTheExchangesOwnEventWithItsId() {
        ConsumerRecord<String, byte[]> own = signed(Topics.inbox("nctc"), "nctc", erasureOf("SO-7Q2M-4XJD"), nctc);

        Optional<ProducerRecord<String, byte[]>> crossing = leaving(own);

        assertThat(crossing).hasValueSatisfying(copy -> {
            assertThat(copy.topic()).isEqualTo(FLOW);
            assertThat(copy.key()).isEqualTo("SO-7Q2M-4XJD");
            assertThat(HeaderText.of(copy.headers(), CloudEventHeaders.ID))
                    .isEqualTo(Optional.of(envelope(own).id()));
            assertThat(HeaderText.of(copy.headers(), CloudEventHeaders.SOURCE))
                    .hasValue(CloudEventHeaders.sourceOf(Components.EXCHANGE));
            // In clear: a case code, a day and a reason, nothing about the person.
            assertThat(ErasureFixture.CODEC.decode(copy.value())).isEqualTo(erasureOf("SO-7Q2M-4XJD"));
        });
    }

    @Test
    void theCaseOwnerIsToldWhichBusItsErasureLeftFor() {
        ConsumerRecord<String, byte[]> own = signed(Topics.inbox("nctc"), "nctc", erasureOf("SO-7Q2M-4XJD"), nctc);
        ProducerRecord<String, byte[]> crossing = leaving(own).orElseThrow();

        ProducerRecord<String, byte[]> told = leaving.toldHome(crossing, "nctc");
        leaving.sign(List.of(crossing, told));

        assertThat(told.topic()).isEqualTo(Topics.inbox("nctc"));
        assertThat(told.value()).isEqualTo(crossing.value());
        assertThat(FederationHeaders.toBus(told.headers())).hasValue("ke");
        assertThat(FederationHeaders.toBus(crossing.headers())).isEmpty();
        assertThat(envelope(ErasureFixture.read(told)).id())
                .isEqualTo(envelope(own).id());
        assertThat(envelope(ErasureFixture.read(told)).sender()).isEqualTo(Components.EXCHANGE);
        assertThat(new SignatureVerifier(KeyRing.of(exchange))
                        .checkEvent(told.headers(), told.value(), System.currentTimeMillis())
                        .refusalUnlessSignedBy(Components.EXCHANGE))
                .isEmpty();
    }

    @Test
    void anErasureOfACaseCodeTheOtherBusIssuedStaysHome() {
        ConsumerRecord<String, byte[]> own = signed(Topics.inbox("nctc"), "nctc", erasureOf("KE-7Q2M-4XJD"), nctc);

        assertThat(leaving(own)).isEmpty();
    }

    @Test
    void onlyTheCaseOwnersOwnCopyOfAnErasureItMaySendLeaves() {
        // iom's delivery of nctc's erasure: not a sender's own copy.
        assertThat(leaving(signed(Topics.inbox("iom"), "nctc", erasureOf("SO-7Q2M-4XJD"), nctc)))
                .isEmpty();
        // iom's own copy of an erasure: the agreement does not let iom send one.
        SigningKey iom = SigningKey.generate("iom");
        assertThat(leaving(signed(Topics.inbox("iom"), "iom", erasureOf("SO-7Q2M-4XJD"), iom)))
                .isEmpty();
    }

    @Test
    void anErasureWhoseCaseOwnersSignatureDoesNotHoldStaysHome() {
        SigningKey unknown = SigningKey.generate("nctc");

        assertThat(leaving(signed(Topics.inbox("nctc"), "nctc", erasureOf("SO-7Q2M-4XJD"), unknown)))
                .isEmpty();
    }
}
