package org.ddrrbus.exchange.routing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
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
import org.ddrrbus.exchange.subject.Consent;
import org.ddrrbus.exchange.subject.Referral;
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

    Router(SharingAgreement agreement) {
        this.agreement = agreement;
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
            return record(recorded, policy, envelope, file, today);
        }
        if (event instanceof SubjectErased) {
            // Everyone the agreement names hears of it; the person's consents and referrals go with the erasure.
            return broadcast(policy, envelope, SubjectFile.erased(today), today);
        }
        if (event instanceof ConsentWithdrawn withdrawn) {
            return withdraw(withdrawn, policy, envelope, file);
        }
        if (event instanceof ReferralIssued issued) {
            return issue(issued, policy, envelope, file, today);
        }
        if (event instanceof ReferralAccepted a) {
            return answer(
                    a.getReferralId(), a.getReferringAgency(), ReferralStatus.ACCEPTED, policy, envelope, file, today);
        }
        if (event instanceof ReferralDeclined d) {
            return answer(
                    d.getReferralId(), d.getReferringAgency(), ReferralStatus.DECLINED, policy, envelope, file, today);
        }
        if (event instanceof ReferralCompleted c) {
            return answer(
                    c.getReferralId(), c.getReferringAgency(), ReferralStatus.COMPLETED, policy, envelope, file, today);
        }
        if (event instanceof ReferralWithdrawn w) {
            return withdrawReferral(w, policy, envelope, file, today);
        }
        if (event instanceof MentorshipSessionHeld m) {
            return report(m.getReferralId(), m.getReferringAgency(), policy, envelope, file, today);
        }
        if (event instanceof SupportDelivered s) {
            return report(s.getReferralId(), s.getReferringAgency(), policy, envelope, file, today);
        }
        return policy.addressedBy().isPresent()
                ? addressed(policy, policy.addressedBy().get(), envelope, file, today)
                : broadcast(policy, envelope, file, today);
    }

    private Decision record(
            ConsentRecorded recorded, EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
        Optional<Rejection> badRef = reference(envelope, "consentRef", recorded.getConsentRef());
        if (badRef.isPresent()) {
            return new Decision.Refuse(badRef.get());
        }
        Set<String> recordable = agreement.consentPurposesFor(envelope.sender());
        for (String purpose : recorded.getPurposes()) {
            if (!agreement.purposes().containsKey(purpose)) {
                return new Decision.Refuse(new Rejection.UnknownPurpose(purpose));
            }
            if (!recordable.contains(purpose)) {
                return new Decision.Refuse(new Rejection.ConsentPurposeNotPermitted(purpose, envelope.sender()));
            }
        }
        // A withdrawal is final: recording a known reference again would undo it, so a new consent needs a new one.
        if (file.consent(recorded.getConsentRef()).isPresent()) {
            return new Decision.Refuse(new Rejection.ConsentRefReused(recorded.getConsentRef()));
        }
        if (file.consents().size() >= SubjectFile.MAX_CONSENTS) {
            return new Decision.Refuse(new Rejection.StateFull("consents", SubjectFile.MAX_CONSENTS));
        }
        Consent consent = Consent.recorded(
                recorded.getConsentRef(),
                envelope.sender(),
                Set.copyOf(recorded.getPurposes()),
                Optional.ofNullable(recorded.getValidUntil()));
        return broadcast(policy, envelope, file.with(consent), today);
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
        return broadcast(policy, envelope, file, today);
    }

    private Decision withdraw(ConsentWithdrawn withdrawn, EventPolicy policy, Envelope envelope, SubjectFile file) {
        Optional<Consent> consent = file.consent(withdrawn.getConsentRef());
        if (consent.isEmpty()) {
            return new Decision.Refuse(new Rejection.NoConsent(
                    envelope.subject(),
                    withdrawn.getPurposes().isEmpty() ? "any" : String.join(",", withdrawn.getPurposes()),
                    "consent " + withdrawn.getConsentRef() + " is not on record"));
        }
        if (!consent.get().mayBeWithdrawnBy(envelope.sender())) {
            return new Decision.Refuse(new Rejection.ConsentNotOwned(
                    consent.get().consentRef(), consent.get().recordedBy(), envelope.sender()));
        }
        for (String purpose : withdrawn.getPurposes()) {
            if (!agreement.purposes().containsKey(purpose)) {
                return new Decision.Refuse(new Rejection.UnknownPurpose(purpose));
            }
        }
        Set<String> purposes =
                withdrawn.getPurposes().isEmpty() ? consent.get().purposes() : new TreeSet<>(withdrawn.getPurposes());
        List<Delivery> deliveries = new ArrayList<>();
        // Everyone who received data under this consent must learn that it no longer holds.
        consent.get().recipients().stream()
                .filter(r -> !r.equals(envelope.sender()))
                .sorted()
                .forEach(r -> deliveries.add(new Delivery(
                        r, String.join(",", purposes.stream().sorted().toList()), policy.legalBasis(), Set.of())));
        return new Decision.Deliver(deliveries, file.with(consent.get().withdraw(purposes)));
    }

    private Decision issue(
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
    private Decision answer(
            String referralId,
            String referrer,
            ReferralStatus next,
            EventPolicy policy,
            Envelope envelope,
            SubjectFile file,
            LocalDate today) {
        Optional<Referral> referral = file.referral(referrer, referralId);
        if (referral.isEmpty()) {
            return new Decision.Refuse(new Rejection.UnknownReferral(referralId, referrer));
        }
        if (!referral.get().recipient().equals(envelope.sender())) {
            return new Decision.Refuse(new Rejection.NotReferralParty(
                    referralId,
                    envelope.sender(),
                    "only " + referral.get().recipient() + ", to whom it was issued, answers it"));
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

    /** A withdrawal of a referral: only from the agency that issued it, to the agency it was issued to. */
    private Decision withdrawReferral(
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
    private Decision report(
            String referralId,
            String referrer,
            EventPolicy policy,
            Envelope envelope,
            SubjectFile file,
            LocalDate today) {
        if (referralId != null) {
            Optional<Referral> referral = file.referral(referrer, referralId);
            if (referral.isEmpty()) {
                return new Decision.Refuse(new Rejection.UnknownReferral(referralId, referrer));
            }
            if (!referral.get().recipient().equals(envelope.sender())) {
                return new Decision.Refuse(new Rejection.NotReferralParty(
                        referralId,
                        envelope.sender(),
                        "only " + referral.get().recipient() + ", to whom it was issued, reports on it"));
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

    private static Decision then(Decision decision, UnaryOperator<SubjectFile> change) {
        return decision instanceof Decision.Deliver deliver
                ? new Decision.Deliver(deliver.deliveries(), change.apply(deliver.file()), deliver.abroad())
                : decision;
    }

    private Decision addressed(EventPolicy policy, String field, Envelope envelope, SubjectFile file, LocalDate today) {
        String recipient = String.valueOf(field(envelope.event(), field).orElse(""));
        Optional<Route> route = policy.routeTo(recipient);
        if (route.isEmpty()) {
            return new Decision.Refuse(new Rejection.RecipientNotPermitted(recipient, envelope.typeName()));
        }
        String purpose = field(envelope.event(), "purpose")
                .map(String::valueOf)
                .orElse(route.get().defaultPurpose());
        if (!route.get().allows(purpose)) {
            return new Decision.Refuse(new Rejection.PurposeNotPermitted(purpose, recipient, envelope.typeName()));
        }
        SubjectFile next = file;
        if (route.get().consentRequired()) {
            Optional<String> consentRef = field(envelope.event(), "consentRef").map(String::valueOf);
            Optional<Consent> consent =
                    consentRef.isPresent() ? file.consent(consentRef.get()) : file.covering(purpose, today);
            if (consent.isEmpty()) {
                return new Decision.Refuse(new Rejection.NoConsent(
                        envelope.subject(),
                        purpose,
                        consentRef
                                .map(ref -> "consent " + ref + " is not on record")
                                .orElse("none on record")));
            }
            if (!consent.get().covers(purpose, today)) {
                return new Decision.Refuse(new Rejection.NoConsent(
                        envelope.subject(), purpose, consent.get().whyNot(purpose, today)));
            }
            next = file.with(consent.get().reliedOnBy(recipient));
        }
        List<Delivery> deliveries = recipient.equals(envelope.sender())
                ? List.of()
                : List.of(delivery(policy, route.get(), purpose, envelope));
        return new Decision.Deliver(deliveries, next);
    }

    private Decision broadcast(EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
        List<Delivery> deliveries = new ArrayList<>();
        SubjectFile next = file;
        for (Route route : policy.recipients().values().stream()
                .sorted(Comparator.comparing(Route::recipient))
                .toList()) {
            if (route.recipient().equals(envelope.sender())) {
                continue;
            }
            if (!route.consentRequired()) {
                deliveries.add(delivery(policy, route, route.defaultPurpose(), envelope));
                continue;
            }
            for (String purpose : route.purposes()) {
                Optional<Consent> consent = next.covering(purpose, today);
                if (consent.isPresent()) {
                    next = next.with(consent.get().reliedOnBy(route.recipient()));
                    deliveries.add(delivery(policy, route, purpose, envelope));
                    break;
                }
            }
        }
        return new Decision.Deliver(deliveries, next);
    }

    /** A reference the exchange keeps: bounded, one line, so it fits the person's file and every refusal quoting it. */
    private static Optional<Rejection> reference(Envelope envelope, String field, String value) {
        if (value.isEmpty()
                || value.length() > SubjectFile.MAX_REFERENCE
                || value.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new Rejection.MalformedBody(
                    envelope.typeName(),
                    field + " must be 1 to " + SubjectFile.MAX_REFERENCE
                            + " characters, none of them a control character"));
        }
        return Optional.empty();
    }

    private static Delivery delivery(EventPolicy policy, Route route, String purpose, Envelope envelope) {
        return new Delivery(
                route.recipient(),
                purpose,
                policy.legalBasisFor(route),
                Set.copyOf(route.withheld(envelope.event().getSchema())));
    }

    private static Optional<Object> field(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        return field == null ? Optional.empty() : Optional.ofNullable(event.get(field.pos()));
    }
}
