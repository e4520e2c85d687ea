package org.ddrrbus.dashboard.figures;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.SupportDelivered;

/**
 * Reads the fact a figure needs from a well-formed ledger event, applying the checks of the exchange that need no
 * state: the sender wrote its own outbox, the agreement lets it send this type, and an addressed event names an agency
 * the agreement lets receive it. An event that fails them is not counted; the exchange quarantines it. Checks that
 * need state (consent) are the exchange's alone: when it refuses such an event, the quarantine record takes the fact
 * back out (see {@link SubjectFile}).
 */
final class FactReader {

    private final SharingAgreement agreement;
    private final Labels labels;

    FactReader(SharingAgreement agreement, Labels labels) {
        this.agreement = agreement;
        this.labels = labels;
    }

    /** The fact to keep about the envelope's subject, if the event counts towards any figure. */
    Optional<Fact> read(Envelope envelope, String outboxOwner) {
        // The types the key holder lets the dashboard open a person's key for: it counts no other.
        if (!Components.DASHBOARD_COUNTS.contains(envelope.typeName())
                || !envelope.sender().equals(outboxOwner)) {
            return Optional.empty();
        }
        Optional<EventPolicy> policy = agreement.policy(envelope.typeName());
        if (policy.isEmpty() || !policy.get().maySend(envelope.sender())) {
            return Optional.empty();
        }
        long time = envelope.time().toEpochMilli();
        String sender = envelope.sender();
        SpecificRecord event = envelope.event();
        if (event instanceof ReturneeRegistered e) {
            return Optional.of(new Fact.Registered(
                    time, labels.county(e.getCounty()), e.getInitialPhase().name(), (int)
                            e.getRegisteredOn().toEpochDay()));
        }
        if (event instanceof PhaseChanged e) {
            return Optional.of(new Fact.PhaseMoved(
                    time, labels.county(e.getCounty()), e.getToPhase().name()));
        }
        if (event instanceof ReferralIssued e) {
            return routed(policy.get(), e.getToAgency(), e.getPurpose())
                    ? Optional.of(new Fact.Issued(
                            time,
                            referral(sender, e.getReferralId()),
                            e.getToAgency(),
                            e.getPriority().name()))
                    : Optional.empty();
        }
        if (event instanceof ReferralAccepted e) {
            return answer(
                    policy.get(), time, e.getReferringAgency(), e.getReferralId(), sender, Fact.Answer.ACCEPTED, null);
        }
        if (event instanceof ReferralDeclined e) {
            return answer(
                    policy.get(),
                    time,
                    e.getReferringAgency(),
                    e.getReferralId(),
                    sender,
                    Fact.Answer.DECLINED,
                    e.getReasonCode().name());
        }
        if (event instanceof ReferralCompleted e) {
            return answer(
                    policy.get(), time, e.getReferringAgency(), e.getReferralId(), sender, Fact.Answer.COMPLETED, null);
        }
        if (event instanceof ReferralWithdrawn e) {
            return routed(policy.get(), e.getToAgency(), null)
                    ? Optional.of(new Fact.Withdrawn(time, referral(sender, e.getReferralId()), sender))
                    : Optional.empty();
        }
        if (event instanceof SupportDelivered e) {
            return routed(policy.get(), e.getReferringAgency(), null)
                    ? Optional.of(new Fact.Supported(time, e.getKind().name()))
                    : Optional.empty();
        }
        if (event instanceof MentorshipSessionHeld e) {
            return routed(policy.get(), e.getReferringAgency(), null)
                    ? Optional.of(new Fact.Mentored(time, e.getFormat().name()))
                    : Optional.empty();
        }
        if (event instanceof CommunityRiskAssessed e) {
            return Optional.of(new Fact.AreaRisk(
                    time,
                    labels.county(e.getCounty()),
                    labels.area(e.getCounty(), e.getArea()),
                    e.getLevel().name(),
                    (int) e.getAssessedOn().toEpochDay()));
        }
        return Optional.empty();
    }

    private Optional<Fact> answer(
            EventPolicy policy,
            long time,
            String referringAgency,
            String referralId,
            String by,
            Fact.Answer answer,
            String reason) {
        if (!routed(policy, referringAgency, null)) {
            return Optional.empty();
        }
        return Optional.of(new Fact.Answered(time, referral(referringAgency, referralId), by, answer, reason));
    }

    /** Whether the exchange would route an addressed event to this agency (consent aside). */
    private static boolean routed(EventPolicy policy, String recipient, String purpose) {
        Optional<Route> route = policy.routeTo(recipient == null ? "" : recipient);
        return route.isPresent() && (purpose == null || route.get().allows(purpose));
    }

    private static String referral(String referringAgency, String referralId) {
        return referringAgency + Cells.SEPARATOR + referralId;
    }
}
