package org.ddrrbus.exchange.routing;

import java.time.LocalDate;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ErasureReceipt;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.exchange.places.ListedPlaces;
import org.ddrrbus.exchange.subject.SubjectFile;
import org.ddrrbus.state.ReferralStatus;

/**
 * The exchange's policy decisions, as a pure function of the agreement, the event, the person's file and the day the
 * exchange processes the event.
 *
 * <p>Addressed events (a referral and the answers to it) go to the one agency they name, and anything that stops
 * that delivery is a refusal the sender hears about. Other events go to every recipient the agreement lists; a
 * recipient whose route needs consent the person has not given simply does not receive it, since the sender asked
 * for no particular recipient.
 *
 * <p>Consent and referrals are bound to the agencies that made them: a consent is withdrawn only by the agency that
 * recorded it and never recorded again under the same reference; a referral is answered and reported on only by its
 * recipient, and withdrawn only by its referrer.
 */
final class Router {

    private final SharingAgreement agreement;
    private final ConsentRules consents;

    Router(SharingAgreement agreement) {
        this.agreement = agreement;
        this.consents = new ConsentRules(agreement);
    }

    /**
     * @param today the day the exchange processes the event: consent must hold now, whatever day the sender put on
     *     the event
     */
    Decision route(Envelope envelope, SubjectFile file, LocalDate today) {
        if (!(envelope.event() instanceof CommunityRiskAssessed) && !SubjectRefs.isCaseCode(envelope.subject())) {
            // Never quoted: what stands in the field may be a name.
            return new Decision.Refuse(new Rejection.InvalidSubject(SubjectRefs.CASE_CODE_MESSAGE));
        }
        Optional<EventPolicy> found = agreement.policy(envelope.typeName());
        if (found.isEmpty() || !found.get().maySend(envelope.sender())) {
            return new Decision.Refuse(new Rejection.SenderNotPermitted(envelope.sender(), envelope.typeName()));
        }
        EventPolicy policy = found.get();
        boolean aboutErasure =
                envelope.event() instanceof ErasureConfirmed || envelope.event() instanceof ErasureReceipt;
        if (file.isErased() && !aboutErasure) {
            // Erasure is final: an event about the person, or a second erasure, would put them back on the bus.
            return new Decision.Refuse(new Rejection.Erased(envelope.subject()));
        }
        if (aboutErasure) {
            return erasureNotice(policy, envelope, file, today);
        }
        Optional<Rejection> unlisted = ListedPlaces.check(agreement, envelope);
        if (unlisted.isPresent()) {
            return new Decision.Refuse(unlisted.get());
        }
        SpecificRecord event = envelope.event();
        if (event instanceof ConsentRecorded recorded) {
            return consents.record(recorded, policy, envelope, file, today);
        }
        if (event instanceof SubjectErased) {
            // Everyone the agreement names hears of it; the person's consents and referrals go with the erasure.
            return Routes.broadcast(policy, envelope, SubjectFile.erased(today), today);
        }
        if (event instanceof ConsentWithdrawn withdrawn) {
            return consents.withdraw(withdrawn, policy, envelope, file);
        }
        if (event instanceof ReferralIssued issued) {
            return ReferralRules.issue(issued, policy, envelope, file, today);
        }
        if (event instanceof ReferralAccepted a) {
            return ReferralRules.answer(
                    a.getReferralId(), a.getReferringAgency(), ReferralStatus.ACCEPTED, policy, envelope, file, today);
        }
        if (event instanceof ReferralDeclined d) {
            return ReferralRules.answer(
                    d.getReferralId(), d.getReferringAgency(), ReferralStatus.DECLINED, policy, envelope, file, today);
        }
        if (event instanceof ReferralCompleted c) {
            return ReferralRules.answer(
                    c.getReferralId(), c.getReferringAgency(), ReferralStatus.COMPLETED, policy, envelope, file, today);
        }
        if (event instanceof ReferralWithdrawn w) {
            return ReferralRules.withdrawReferral(w, policy, envelope, file, today);
        }
        if (event instanceof MentorshipSessionHeld m) {
            return ReferralRules.report(m.getReferralId(), m.getReferringAgency(), policy, envelope, file, today);
        }
        if (event instanceof SupportDelivered s) {
            return ReferralRules.report(s.getReferralId(), s.getReferringAgency(), policy, envelope, file, today);
        }
        return policy.addressedBy().isPresent()
                ? Routes.addressed(policy, policy.addressedBy().get(), envelope, file, today)
                : Routes.broadcast(policy, envelope, file, today);
    }

    /** A confirmation or receipt of an erasure: only of a person erased, and a confirmation only in its own name. */
    private Decision erasureNotice(EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
        if (!file.isErased()) {
            return new Decision.Refuse(new Rejection.MalformedBody(
                    envelope.typeName(), "subjectRef " + envelope.subject() + " has not been erased"));
        }
        if (envelope.event() instanceof ErasureConfirmed confirmed
                && !envelope.sender().equals(confirmed.getComponent())) {
            return new Decision.Refuse(new Rejection.MalformedBody(
                    envelope.typeName(), "component must be the sender, " + envelope.sender()));
        }
        return Routes.broadcast(policy, envelope, file, today);
    }
}
