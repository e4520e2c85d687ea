package org.ddrrbus.federation.link;

import com.google.crypto.tink.HybridDecrypt;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.subjectkeys.GrantLog;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.RecordedAnswers;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;

/**
 * The grant rule of this bus's key holder for the linked bus: it gives the key of a person only to open, only to a
 * request signed by a key of the linked bus's exchange that the federation agreement's trust anchors list (never this
 * bus's key directory), made within {@link SubjectKeyRequest#MAX_SKEW}, and only when this bus's outlet sent an event of
 * the person to that bus ({@link #recipient}, recorded by the outlet in the key holder's store). A person erased here
 * has no key for anyone: 410. The request must be addressed to this bus ({@link SubjectKeyRequest#audience}), so that
 * one meant for another key holder is not answered here, and the key it grants is sealed to the linked bus's
 * federation key ({@link CrossingKeyAnswer}). Every answer, granted or refused, is recorded through {@code grants} and
 * logged; a key is given only once its grant is recorded.
 */
public final class CrossingKeyHolder {

    private final String local;
    private final Bus remote;
    private final SubjectKeyHolder keys;
    private final Clock clock;
    private final RecordedAnswers answers;

    /**
     * @param local this bus, whose people's keys are asked for
     * @param keys this bus's people's keys, as its exchange holds them, with the deliveries recorded
     * @param grants where each answer is recorded (on the bus, {@code ddrr.key-grants}); completes once kept
     */
    public CrossingKeyHolder(
            String local, FederationAgreement agreement, SubjectKeyHolder keys, Clock clock, GrantLog grants) {
        this.local = local;
        this.remote = agreement.other(local);
        this.keys = keys;
        this.clock = clock;
        this.answers = new RecordedAnswers(grants, clock);
    }

    /**
     * Whom the outlet records a delivery to when an event of a person crosses to {@code bus}: a name no agency can have
     * (agency ids hold no space), so no agency is granted a key by it.
     */
    public static String recipient(String bus) {
        return "bus " + bus;
    }

    /** What a request to this bus's key holder names as its audience: {@code bus <cc>}, the name the outlet records. */
    public static String audience(String bus) {
        return recipient(bus);
    }

    /** How bus {@code local}'s inlet opens what the other bus's key holder grants it: with its federation key. */
    public static HttpSubjectKeys.Answers opening(String local, HybridDecrypt opener) {
        return (id, body) -> CrossingKeyAnswer.open(opener, local, id, body);
    }

    public KeyAnswer answer(SubjectKeyRequest request) {
        return answers.answer(request, recipient(remote.country()), decide(request));
    }

    private KeyAnswer decide(SubjectKeyRequest request) {
        Instant now = clock.instant();
        Optional<String> untimely = request.untimely(now);
        if (untimely.isPresent()) {
            return new KeyAnswer(401, untimely.get());
        }
        Optional<RegisteredKey> signer = remote.trust().ring().find(request.signingKeyId());
        if (signer.isEmpty()
                || !signer.get().principal().equals(Components.EXCHANGE)
                || !request.signedBy(signer.get().publicKey())) {
            return new KeyAnswer(
                    401,
                    "the request is not signed by a key of bus " + remote.country()
                            + "'s exchange that the federation agreement lists");
        }
        if (!request.audience().equals(Optional.of(audience(local)))) {
            return new KeyAnswer(
                    401,
                    "the request is not addressed to bus " + local + " (" + SubjectKeyRequest.AUDIENCE_HEADER + ": "
                            + audience(local) + ")");
        }
        if (request.use() != SubjectKeyRequest.Use.OPEN) {
            return new KeyAnswer(
                    403, "bus " + remote.country() + " may only open, never seal, under a key of bus " + local);
        }
        SubjectKeyId id = request.keyId();
        if (keys.erased(id.subjectRef())) {
            return new KeyAnswer(410, id.subjectRef() + " was erased on bus " + local + ": its keys are destroyed");
        }
        if (!keys.delivered(id.subjectRef(), recipient(remote.country()))) {
            return new KeyAnswer(
                    403,
                    "no event of " + id.subjectRef() + " crossed to bus " + remote.country()
                            + ": its keys are given only to a bus its events were sent to");
        }
        return keys.findKeyset(id)
                .map(keyset ->
                        new KeyAnswer(200, CrossingKeyAnswer.seal(remote.sealTo(), remote.country(), id, keyset)))
                .orElseGet(() -> new KeyAnswer(
                        404, "no key " + id.text() + ": destroyed at the end of its retention, or never made"));
    }
}
