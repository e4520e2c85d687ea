package org.ddrrbus.exchange.routing;

import static org.ddrrbus.exchange.routing.Routes.addressed;
import static org.ddrrbus.exchange.routing.Routes.reference;
import static org.ddrrbus.exchange.routing.Routes.then;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.exchange.subject.Referral;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.state.ReferralStatus;

/**
 * The {@link Router}'s rules for a referral and what follows it: issued once under its id, answered and reported on
 * only by its recipient, withdrawn only by its referrer; one whose referrer is on another bus is answered there.
 */
final class ReferralRules {

    private ReferralRules() {}

    static Decision issue(
            ReferralIssued issued, EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
        Optional<Rejection> badRef = reference(envelope, "referralId", issued.getReferralId());
        if (badRef.isPresent()) {
            return new Decision.Refuse(badRef.get());
        }
        if (file.referral(envelope.sender(), issued.getReferralId()).isPresent()) {
            return new Decision.Refuse(new Rejection.ReferralIdReused(issued.getReferralId(), envelope.sender()));
        }
        if (file.referrals().size() >= SubjectFile.MAX_REFERRALS) {
            return new Decision.Refuse(new Rejection.StateFull("referrals", SubjectFile.MAX_REFERRALS));
        }
        Referral referral = Referral.issued(issued.getReferralId(), envelope.sender(), issued.getToAgency());
        return then(
                addressed(policy, policy.addressedBy().orElseThrow(), envelope, file, today), f -> f.with(referral));
    }

    /** An acceptance, a decline or a completion: only from the agency the referral was issued to. */
    static Decision answer(
            String referralId,
            String referrer,
            ReferralStatus next,
            EventPolicy policy,
            Envelope envelope,
            SubjectFile file,
            LocalDate today) {
        Optional<Referral> referral = file.referral(referrer, referralId);
        Optional<Decision> refused = onlyItsRecipient(referral, referralId, referrer, envelope, "answers it");
        if (refused.isPresent()) {
            return refused.get();
        }
        if (referral.get().isForeign()) {
            // Its referrer is on the other bus: nobody here receives the answer; the sender's own copy says where it
            // may cross to, and the federation outlet sends it there if the federation agreement lists it.
            return abroad(referral.get(), file.with(referral.get().now(next)));
        }
        return then(
                addressed(policy, policy.addressedBy().orElseThrow(), envelope, file, today),
                f -> f.with(referral.get().now(next)));
    }

    /**
     * Why the sender may not act on the referral (unknown, or issued to another agency), or empty when it is the
     * agency the referral was issued to: answers and reports come only from there.
     */
    private static Optional<Decision> onlyItsRecipient(
            Optional<Referral> referral, String referralId, String referrer, Envelope envelope, String act) {
        if (referral.isEmpty()) {
            return Optional.of(new Decision.Refuse(new Rejection.UnknownReferral(referralId, referrer)));
        }
        if (!referral.get().recipient().equals(envelope.sender())) {
            return Optional.of(new Decision.Refuse(new Rejection.NotReferralParty(
                    referralId,
                    envelope.sender(),
                    "only " + referral.get().recipient() + ", to whom it was issued, " + act)));
        }
        return Optional.empty();
    }

    /** A withdrawal of a referral: only from the agency that issued it, to the agency it was issued to. */
    static Decision withdrawReferral(
            ReferralWithdrawn withdrawn, EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
        String referralId = withdrawn.getReferralId();
        Optional<Referral> referral = file.referral(envelope.sender(), referralId);
        if (referral.isEmpty()) {
            List<Referral> others = file.referralsWithId(referralId);
            return new Decision.Refuse(
                    others.isEmpty()
                            ? new Rejection.UnknownReferral(referralId, envelope.sender())
                            : new Rejection.NotReferralParty(
                                    referralId,
                                    envelope.sender(),
                                    "only " + others.get(0).referrer() + ", which issued it, withdraws it"));
        }
        if (referral.get().isForeign()) {
            return new Decision.Refuse(new Rejection.NotReferralParty(
                    referralId,
                    envelope.sender(),
                    "it was issued on bus " + referral.get().fromBus().orElseThrow() + ", where only its referrer"
                            + " withdraws it"));
        }
        if (!referral.get().recipient().equals(withdrawn.getToAgency())) {
            return new Decision.Refuse(new Rejection.NotReferralParty(
                    referralId,
                    envelope.sender(),
                    "it was issued to " + referral.get().recipient() + ", not to the agency the withdrawal names"));
        }
        return then(
                addressed(policy, policy.addressedBy().orElseThrow(), envelope, file, today),
                f -> f.with(referral.get().now(ReferralStatus.WITHDRAWN)));
    }

    /** A session or support record: one that names a referral only from the agency that referral was issued to. */
    static Decision report(
            String referralId,
            String referrer,
            EventPolicy policy,
            Envelope envelope,
            SubjectFile file,
            LocalDate today) {
        if (referralId != null) {
            Optional<Referral> referral = file.referral(referrer, referralId);
            Optional<Decision> refused = onlyItsRecipient(referral, referralId, referrer, envelope, "reports on it");
            if (refused.isPresent()) {
                return refused.get();
            }
            if (referral.get().isForeign()) {
                return abroad(referral.get(), file);
            }
        }
        return addressed(policy, policy.addressedBy().orElseThrow(), envelope, file, today);
    }

    /** Delivered to nobody here: the sender's own copy names the bus the referral came from. */
    private static Decision abroad(Referral referral, SubjectFile file) {
        return new Decision.Deliver(List.of(), file, referral.fromBus());
    }
}
