package org.ddrrbus.federation.link;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.federation.agreement.Bus;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.Flow;

/**
 * The inlet's rules for a verified foreign event: the flow is agreed for its sender and type, its subject is a case
 * code of one of the two buses, this bus's own sharing agreement names who receives it, and the person's consent
 * covers the flow's purpose where the flow requires it.
 */
final class InletChecks {

    private static final String CONSENT_REF = "consentRef";

    private final String local;
    private final Bus remote;
    private final FederationAgreement agreement;
    private final SharingAgreement national;
    private final InletMemory memory;

    InletChecks(String local, FederationAgreement agreement, SharingAgreement national, InletMemory memory) {
        this.local = local;
        this.remote = agreement.other(local);
        this.agreement = agreement;
        this.national = national;
        this.memory = memory;
    }

    /** The flow the event crosses on, when it is agreed for its sender and type. */
    Optional<Flow> flow(Envelope envelope) {
        return agreement.flow(remote.country(), local, envelope.typeName(), envelope.sender());
    }

    /** The flow must be agreed for this sender and type, and the person's case code must be one of the two buses'. */
    Optional<Rejection> agreed(Envelope envelope) {
        Optional<Flow> flow = flow(envelope);
        if (flow.isEmpty()) {
            return Optional.of(
                    new Rejection.SenderNotPermitted(remote.country() + "/" + envelope.sender(), envelope.typeName()));
        }
        boolean known = agreement.buses().values().stream()
                .anyMatch(b -> envelope.subject().startsWith(b.subjectPrefix()));
        if (!SubjectRefs.isCaseCode(envelope.subject()) || !known) {
            return Optional.of(new Rejection.InvalidSubject("not a case code of either bus of the federation"));
        }
        // A consent is kept by this exchange for its own checks; every other event must reach someone.
        if (!(envelope.event() instanceof ConsentRecorded)
                && recipients(envelope, flow.get()).isEmpty()) {
            return Optional.of(new Rejection.RecipientNotPermitted(
                    addressee(envelope).orElse(String.join(",", flow.get().recipients())), envelope.typeName()));
        }
        return Optional.empty();
    }

    /**
     * The local agencies to deliver to: those the flow names that this bus's own agreement lets receive the type
     * (for an addressed event, the one it names). Consents that cross are kept by this exchange for its checks.
     */
    List<String> recipients(Envelope envelope, Flow flow) {
        if (envelope.event() instanceof ConsentRecorded) {
            return List.of();
        }
        Optional<EventPolicy> policy = national.policy(envelope.typeName());
        if (policy.isEmpty()) {
            return List.of();
        }
        Optional<String> addressee = addressee(envelope);
        return flow.recipients().stream()
                .filter(r -> addressee.map(r::equals).orElse(true))
                .filter(r -> policy.get().routeTo(r).isPresent())
                .sorted()
                .toList();
    }

    private Optional<String> addressee(Envelope envelope) {
        return national.policy(envelope.typeName())
                .flatMap(EventPolicy::addressedBy)
                .map(field -> envelope.event()
                        .get(envelope.event().getSchema().getField(field).pos()))
                .map(Object::toString);
    }

    /** Where the flow requires consent, the event must name one that crossed, covers the purpose and has not lapsed. */
    Optional<Rejection> consent(Envelope envelope) {
        Flow flow = flow(envelope).orElseThrow();
        if (!flow.consentRequired()) {
            return Optional.empty();
        }
        SpecificRecord event = envelope.event();
        Schema.Field refField = event.getSchema().getField(CONSENT_REF);
        if (refField == null || event.get(refField.pos()) == null) {
            return Optional.of(
                    new Rejection.NoConsent(envelope.subject(), flow.purpose(), "the event names no consent"));
        }
        ConsentRecorded consent = memory.consent(envelope.subject(), event.get(refField.pos()));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        if (consent == null) {
            return Optional.of(new Rejection.NoConsent(
                    envelope.subject(), flow.purpose(), "no consent " + event.get(refField.pos()) + " crossed"));
        }
        if (!consent.getPurposes().contains(flow.purpose())
                || (consent.getValidUntil() != null && today.isAfter(consent.getValidUntil()))) {
            return Optional.of(new Rejection.NoConsent(
                    envelope.subject(), flow.purpose(), "consent " + consent.getConsentRef() + " does not cover it"));
        }
        return Optional.empty();
    }
    /** Referrals and what answers them: the exchange checks later steps against them (see {@link Topics#ARRIVALS}). */
    static boolean keptByTheExchange(SpecificRecord event) {
        return event instanceof ReferralIssued
                || event instanceof ReferralAccepted
                || event instanceof ReferralDeclined
                || event instanceof ReferralCompleted
                || event instanceof ReferralWithdrawn;
    }
}
