package org.ddrrbus.exchange.routing;

import static org.ddrrbus.exchange.routing.Routes.broadcast;
import static org.ddrrbus.exchange.routing.Routes.reference;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.exchange.subject.Consent;
import org.ddrrbus.exchange.subject.SubjectFile;

/**
 * The {@link Router}'s rules for consent: recorded only for purposes the agreement lets its sender record, never
 * again under a known reference, and withdrawn only by the agency that recorded it, which everyone who relied on it
 * then hears.
 */
final class ConsentRules {

    private final SharingAgreement agreement;

    ConsentRules(SharingAgreement agreement) {
        this.agreement = agreement;
    }

    Decision record(
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

    Decision withdraw(ConsentWithdrawn withdrawn, EventPolicy policy, Envelope envelope, SubjectFile file) {
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
}
