package org.ddrrbus.exchange.subjectkeys;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.util.Optional;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeyId;
import org.ddrrbus.client.signing.KeyLookup;
import org.ddrrbus.client.signing.RegisteredKey;
import org.ddrrbus.client.subjectkeys.GrantLog;
import org.ddrrbus.client.subjectkeys.KeyAnswer;
import org.ddrrbus.client.subjectkeys.RecordedAnswers;
import org.ddrrbus.client.subjectkeys.SubjectKeyRequest;
import org.ddrrbus.client.topic.Components;

/**
 * Answers a partner's request for a person's data key: only to a request signed by a key that speaks for an agency
 * now, made within {@link SubjectKeyRequest#MAX_SKEW}, and only for what the agreement lets that agency do with events
 * of the key's retention: {@code seal} when it may send a sealed type kept that long, {@code open} when it may send or
 * receive one. Within that, only for people the agency was given: {@code open} when a sealed event of the person was
 * delivered to it (its own events come back to it as its receipt), {@code seal} as well, or when nothing of the person
 * was delivered to anyone yet (the first sender of a person new to the bus: nctc registering, iom at a border). The dashboard, which counts from the outboxes and receives nothing, may {@code open} only
 * keys of the retentions of the types it counts ({@link Components#DASHBOARD_COUNTS}).
 *
 * <p>Every answer, granted or refused, is recorded in the {@link GrantLog} (on the bus, {@code ddrr.key-grants}) and
 * logged (agency, use, key id, outcome) by the logger {@value RecordedAnswers#AUDIT_LOGGER}. A key is given only once
 * its grant is recorded ({@link RecordedAnswers}). A refusal is answered without waiting for its record.
 */
public final class KeyService {

    private final SubjectKeyStore store;
    private final SharingAgreement agreement;
    private final KeyLookup directory;
    private final Clock clock;
    private final RecordedAnswers answers;

    public KeyService(
            SubjectKeyStore store, SharingAgreement agreement, KeyLookup directory, Clock clock, GrantLog grants) {
        this.store = store;
        this.agreement = agreement;
        this.directory = directory;
        this.clock = clock;
        this.answers = new RecordedAnswers(grants, clock);
    }

    public KeyAnswer answer(SubjectKeyRequest request) {
        return answers.answer(request, request.agency(), decide(request));
    }

    private KeyAnswer decide(SubjectKeyRequest request) {
        Instant now = clock.instant();
        Optional<String> untimely = request.untimely(now);
        if (untimely.isPresent()) {
            return new KeyAnswer(401, untimely.get());
        }
        Optional<RegisteredKey> signer = directory.find(request.signingKeyId());
        if (signer.isEmpty()
                || !signer.get().validAt(now)
                || !signer.get().principal().equals(request.agency())
                || !request.signedBy(signer.get().publicKey())) {
            return new KeyAnswer(401, "the request is not signed by a key that speaks for an agency now");
        }
        String agency = signer.get().principal();
        Period retention = request.keyId().retention();
        if (!allowed(agency, request.use(), retention)) {
            return new KeyAnswer(
                    403,
                    "the sharing agreement lets " + agency
                            + (request.use() == SubjectKeyRequest.Use.SEAL ? " send" : " send or receive")
                            + " no sealed event type kept " + retention);
        }
        SubjectKeyId id = request.keyId();
        // An erased person's keys are gone for everyone: that answer (404, 410) comes below, and says so.
        if (!agency.equals(Components.DASHBOARD)
                && !store.erased(id.subjectRef())
                && !store.delivered(id.subjectRef(), agency)
                && (request.use() == SubjectKeyRequest.Use.OPEN || store.deliveredToAnyone(id.subjectRef()))) {
            return new KeyAnswer(
                    403,
                    "no sealed event of " + id.subjectRef() + " was delivered to " + agency
                            + ": its keys are given only to agencies its events reached"
                            + (request.use() == SubjectKeyRequest.Use.SEAL
                                    ? " (and, to seal, to the first sender of a person new to the bus)"
                                    : ""));
        }
        if (request.use() == SubjectKeyRequest.Use.OPEN) {
            return store.findKeyset(id)
                    .map(keyset -> new KeyAnswer(200, keyset))
                    .orElseGet(
                            () -> new KeyAnswer(
                                    404,
                                    "no key " + id.text()
                                            + ": destroyed at the person's erasure or at the end of its retention, or never made"));
        }
        try {
            return new KeyAnswer(200, store.keysetFor(id));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return new KeyAnswer(410, e.getMessage());
        }
    }

    private boolean allowed(String agency, SubjectKeyRequest.Use use, Period retention) {
        for (EventPolicy policy : agreement.events().values()) {
            if (!policy.retention().equals(retention) || SubjectCipher.CLEAR_TYPES.contains(policy.eventType())) {
                continue;
            }
            if (agency.equals(Components.DASHBOARD)) {
                if (use == SubjectKeyRequest.Use.OPEN && Components.DASHBOARD_COUNTS.contains(policy.eventType())) {
                    return true;
                }
                continue;
            }
            if (policy.maySend(agency)) {
                return true;
            }
            if (use == SubjectKeyRequest.Use.OPEN && policy.routeTo(agency).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
