package org.ddrrbus.federation.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.ddrrbus.federation.link.ErasureFixture.NATIONAL;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ddrrbus.client.envelope.FederationSeal;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.exchange.subjectkeys.SubjectKeyStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bus so's key holder answering bus ke for the key of a person whose events crossed; without a broker. */
class CrossingKeyHolderTest {

    private static final String PERSON = "SO-7Q2M-4XJD";

    @TempDir
    Path folder;

    private final SigningKey keExchange = SigningKey.generate(Components.EXCHANGE);
    /** Bus ke's exchange's federation key pair: the keys it is granted are sealed to it. */
    private FederationSeal.KeyPair keSealing;

    private final List<SubjectKeyAnswered> recorded = new ArrayList<>();
    private SubjectKeyStore keys;
    private CrossingKeyHolder holder;
    private SubjectKeyId keyId;

    @BeforeEach
    void soHoldsThePersonsKey() {
        keSealing = FederationSeal.keyPair(folder.resolve("ke-sealing.json"));
        keys = new SubjectKeyStore(folder.resolve("keys"), Clock.systemUTC());
        keyId = SubjectCipher.of(keys, NATIONAL).keyIdFor("BorderReturnRecorded", PERSON, Instant.now());
        keys.keysetFor(keyId);
        holder = new CrossingKeyHolder(
                "so", ErasureFixture.trustingKe(keExchange, keSealing.publicKey()), keys, Clock.systemUTC(), answer -> {
                    recorded.add(answer);
                    return CompletableFuture.completedFuture(null);
                });
    }

    private SubjectKeyRequest asked(SigningKey by, SubjectKeyRequest.Use use) {
        return SubjectKeyRequest.sign(by, use, keyId, Instant.now(), Optional.of(CrossingKeyHolder.audience("so")));
    }

    @Test
    void grantedToTheBusThePersonsEventsCrossedToSealedToItAndRecorded() throws Exception {
        keys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));

        KeyAnswer answer = holder.answer(asked(keExchange, SubjectKeyRequest.Use.OPEN));

        assertThat(answer.status()).isEqualTo(200);
        String keyset = keys.findKeyset(keyId).orElseThrow();
        // Never the key itself on the wire: only bus ke's exchange opens it, for this key id.
        assertThat(answer.body()).isNotEqualTo(keyset).doesNotContain("keyData");
        assertThat(CrossingKeyHolder.opening("ke", keSealing.opener()).keyset(keyId, answer.body()))
                .isEqualTo(keyset);
        SubjectKeyId otherMonth =
                new SubjectKeyId(PERSON, keyId.retention(), keyId.month().minusMonths(1));
        assertThatThrownBy(() ->
                        CrossingKeyHolder.opening("ke", keSealing.opener()).keyset(otherMonth, answer.body()))
                .isInstanceOf(GeneralSecurityException.class);
        FederationSeal.KeyPair another = FederationSeal.keyPair(folder.resolve("another.json"));
        assertThatThrownBy(
                        () -> CrossingKeyHolder.opening("ke", another.opener()).keyset(keyId, answer.body()))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(recorded).singleElement().satisfies(r -> {
            assertThat(r.getGranted()).isTrue();
            assertThat(r.getAgency()).isEqualTo("bus ke");
            assertThat(r.getSubjectRef()).isEqualTo(PERSON);
        });
    }

    @Test
    void refusedWhenNoEventOfThePersonCrossedToThatBus() {
        // Delivered at home to an agency, never sent across.
        keys.recordDelivery(PERSON, "iom");

        KeyAnswer answer = holder.answer(asked(keExchange, SubjectKeyRequest.Use.OPEN));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body())
                .isEqualTo("no event of " + PERSON
                        + " crossed to bus ke: its keys are given only to a bus its events were sent to");
        assertThat(recorded)
                .singleElement()
                .satisfies(r -> assertThat(r.getGranted()).isFalse());
    }

    @Test
    void refusedOnceThePersonWasErasedHere() {
        keys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));
        keys.destroy(PERSON);

        KeyAnswer answer = holder.answer(asked(keExchange, SubjectKeyRequest.Use.OPEN));

        assertThat(answer.status()).isEqualTo(410);
        assertThat(answer.body()).isEqualTo(PERSON + " was erased on bus so: its keys are destroyed");
        assertThat(answer.body()).doesNotContain("\n");
    }

    @Test
    void refusedToAKeyTheTrustAnchorsDoNotListOrToSeal() {
        keys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));

        assertThat(holder.answer(asked(SigningKey.generate(Components.EXCHANGE), SubjectKeyRequest.Use.OPEN)))
                .isEqualTo(new KeyAnswer(
                        401,
                        "the request is not signed by a key of bus ke's exchange that the federation agreement"
                                + " lists"));
        assertThat(holder.answer(asked(keExchange, SubjectKeyRequest.Use.SEAL)).status())
                .isEqualTo(403);
        assertThat(holder.answer(SubjectKeyRequest.sign(
                                keExchange,
                                SubjectKeyRequest.Use.OPEN,
                                keyId,
                                Instant.now().minus(Duration.ofMinutes(10)),
                                Optional.of(CrossingKeyHolder.audience("so"))))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void refusedWhenNotAddressedToThisBus() {
        keys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));

        for (Optional<String> audience :
                List.of(Optional.<String>empty(), Optional.of(CrossingKeyHolder.audience("ug")))) {
            KeyAnswer answer = holder.answer(
                    SubjectKeyRequest.sign(keExchange, SubjectKeyRequest.Use.OPEN, keyId, Instant.now(), audience));
            assertThat(answer)
                    .isEqualTo(new KeyAnswer(401, "the request is not addressed to bus so (Ddrr-Audience: bus so)"));
        }
        assertThat(recorded)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getGranted()).isFalse());
    }

    @Test
    void aGrantThatCannotBeRecordedGivesNoKey() {
        keys.recordDelivery(PERSON, CrossingKeyHolder.recipient("ke"));
        CrossingKeyHolder unrecorded = new CrossingKeyHolder(
                "so",
                ErasureFixture.trustingKe(keExchange, keSealing.publicKey()),
                keys,
                Clock.systemUTC(),
                answer -> CompletableFuture.failedFuture(new IllegalStateException("broker down")));

        KeyAnswer answer = unrecorded.answer(asked(keExchange, SubjectKeyRequest.Use.OPEN));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.body()).contains("broker down");
    }
}
