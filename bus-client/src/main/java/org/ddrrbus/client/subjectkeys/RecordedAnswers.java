package org.ddrrbus.client.subjectkeys;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectKeyAnswered;
import org.ddrrbus.events.SubjectKeyUse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule every key holder keeps, at home and for a linked bus: each answer, granted or refused, is recorded through
 * the grant log, and a key is given only once its grant is recorded. A grant that cannot be recorded within
 * {@link GrantLog#RECORD_WAIT} becomes a 503, recorded in turn.
 */
public final class RecordedAnswers {

    /** The logger every key holder's answers go to, one line each. */
    public static final String AUDIT_LOGGER = "org.ddrrbus.exchange.subject-key-requests";

    private static final Logger audit = LoggerFactory.getLogger(AUDIT_LOGGER);

    private final GrantLog grants;
    private final Clock clock;

    public RecordedAnswers(GrantLog grants, Clock clock) {
        this.grants = grants;
        this.clock = clock;
    }

    /**
     * Records {@code decided}, the holder's answer to {@code request} from {@code agency} (as the auditor reads it), and
     * returns what may be given: {@code decided}, or a 503 when it granted a key whose grant was not recorded.
     */
    public KeyAnswer answer(SubjectKeyRequest request, String agency, KeyAnswer decided) {
        KeyAnswer answer = decided;
        CompletableFuture<Void> recorded = record(request, agency, answer);
        if (answer.granted()) {
            try {
                recorded.get(GrantLog.RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = unrecorded(e);
            } catch (ExecutionException | TimeoutException e) {
                answer = unrecorded(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
            }
            if (!answer.granted()) {
                record(request, agency, answer);
            }
        } else {
            recorded.whenComplete((ok, failure) -> {
                if (failure != null) {
                    audit.warn(
                            "could not record the refusal of subject key {} to {} in {}: {}",
                            request.keyId().text(),
                            request.signingKeyId(),
                            Topics.KEY_GRANTS,
                            failure.toString());
                }
            });
        }
        audit.info(
                "subject key {} {} asked by {} ({}): {} {}",
                request.use().text(),
                request.keyId().text(),
                agency,
                request.signingKeyId(),
                answer.status(),
                answer.granted() ? "granted" : answer.body());
        return answer;
    }

    private static KeyAnswer unrecorded(Throwable why) {
        return new KeyAnswer(
                503,
                "the key holder cannot record this grant in " + Topics.KEY_GRANTS + ", so no key was given: "
                        + (why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage()));
    }

    /** The answer as the auditor reads it: the case code, who asked, for what, the outcome and when. */
    private CompletableFuture<Void> record(SubjectKeyRequest request, String agency, KeyAnswer answer) {
        SubjectKeyAnswered event = SubjectKeyAnswered.newBuilder()
                .setSubjectRef(request.keyId().subjectRef())
                .setAgency(agency)
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
