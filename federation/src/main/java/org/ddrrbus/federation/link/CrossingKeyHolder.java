package org.ddrrbus.federation.link;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.ddrrbus.client.envelope.SubjectKeyHolder;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.subjectkeys.GrantLog;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.events.SubjectKeyUse;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grant rule of this bus's key holder for the linked bus: it gives the key of a person only to open, only to a
 * request signed by a key of the linked bus's exchange that the federation agreement's trust anchors list (never this
 * bus's key directory), made within {@link SubjectKeyRequest#MAX_SKEW}, and only when this bus's outlet sent an event of
 * the person to that bus ({@link #recipient}, recorded by the outlet in the key holder's store). A person erased here
 * has no key for anyone: 410. Every answer, granted or refused, is recorded through {@code grants} and logged; a key is
 * given only once its grant is recorded.
 */
public final class CrossingKeyHolder {

    private static final Logger audit = LoggerFactory.getLogger("org.ddrrbus.exchange.subject-key-requests");
    /** An HTTP status and a body: Tink's JSON keyset when granted, one line saying why when not. */
    public record Answer(int status, String body) {
        public boolean granted() {
            return status == 200;
        }
    }

    private final String local;
    private final Bus remote;
    private final SubjectKeyHolder keys;
    private final Clock clock;
    private final GrantLog grants;

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
        this.grants = grants;
    }

    /**
     * Whom the outlet records a delivery to when an event of a person crosses to {@code bus}: a name no agency can have
     * (agency ids hold no space), so no agency is granted a key by it.
     */
    public static String recipient(String bus) {
        return "bus " + bus;
    }

    public Answer answer(SubjectKeyRequest request) {
        Answer answer = decide(request);
        CompletableFuture<Void> recorded = record(request, answer);
        if (answer.granted()) {
            try {
                recorded.get(GrantLog.RECORD_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = unrecorded(e);
            } catch (Exception e) {
                answer = unrecorded(e);
            }
            if (!answer.granted()) {
                record(request, answer);
            }
        }
        audit.info(
                "subject key open {} asked by bus {} ({}): {} {}",
                request.keyId().text(),
                remote.country(),
                request.signingKeyId(),
                answer.status(),
                answer.granted() ? "granted" : answer.body());
        return answer;
    }

    private static Answer unrecorded(Exception why) {
        Throwable cause = why.getCause() != null ? why.getCause() : why;
        return new Answer(
                503,
                "the key holder cannot record this grant, so no key was given: "
                        + Optional.ofNullable(cause.getMessage())
                                .orElse(cause.getClass().getSimpleName()));
    }

    private Answer decide(SubjectKeyRequest request) {
        Instant now = clock.instant();
        if (Duration.between(request.time(), now).abs().compareTo(SubjectKeyRequest.MAX_SKEW) > 0) {
            return new Answer(
                    401,
                    "the request's " + SubjectKeyRequest.TIME_HEADER + " is more than "
                            + SubjectKeyRequest.MAX_SKEW.toMinutes() + " minutes from the key holder's clock");
        }
        Optional<RegisteredKey> signer = remote.trust().ring().find(request.signingKeyId());
        if (signer.isEmpty()
                || !signer.get().principal().equals(Components.EXCHANGE)
                || !request.signedBy(signer.get().publicKey())) {
            return new Answer(
                    401,
                    "the request is not signed by a key of bus " + remote.country()
                            + "'s exchange that the federation agreement lists");
        }
        if (request.use() != SubjectKeyRequest.Use.OPEN) {
            return new Answer(
                    403, "bus " + remote.country() + " may only open, never seal, under a key of bus " + local);
        }
        SubjectKeyId id = request.keyId();
        if (keys.erased(id.subjectRef())) {
            return new Answer(410, id.subjectRef() + " was erased on bus " + local + ": its keys are destroyed");
        }
        if (!keys.delivered(id.subjectRef(), recipient(remote.country()))) {
            return new Answer(
                    403,
                    "no event of " + id.subjectRef() + " crossed to bus " + remote.country()
                            + ": its keys are given only to a bus its events were sent to");
        }
        return keys.findKeyset(id)
                .map(keyset -> new Answer(200, keyset))
                .orElseGet(() -> new Answer(
                        404, "no key " + id.text() + ": destroyed at the end of its retention, or never made"));
    }

    /** The answer as the auditor reads it: the case code, who asked (the bus), for what, the outcome and when. */
    private CompletableFuture<Void> record(SubjectKeyRequest request, Answer answer) {
        SubjectKeyAnswered event = SubjectKeyAnswered.newBuilder()
                .setSubjectRef(request.keyId().subjectRef())
                .setAgency(recipient(remote.country()))
                .setSigningKeyId(request.signingKeyId())
                .setUse(request.use() == SubjectKeyRequest.Use.SEAL ? SubjectKeyUse.SEAL : SubjectKeyUse.OPEN)
                .setKeyId(request.keyId().text())
                .setStatus(answer.status())
                .setGranted(answer.granted())
                .setRequestedAt(request.time().truncatedTo(ChronoUnit.MILLIS))
                .setAnsweredAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .build();
        try {
            return grants.record(event);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
