package org.ddrrbus.exchange.routing;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.exchange.consent.Consent;
import org.ddrrbus.exchange.consent.ConsentBook;
import org.ddrrbus.exchange.places.ListedPlaces;

/**
 * The exchange's policy decisions, as a pure function of the agreement, the event and the person's consents.
 *
 * <p>Addressed events (a referral and the answers to it) go to the one agency they name, and anything that stops
 * that delivery is a refusal the sender hears about. Other events go to every recipient the agreement lists; a
 * recipient whose route needs consent the person has not given simply does not receive it, since the sender asked
 * for no particular recipient.
 */
public final class Router {

    private final SharingAgreement agreement;

    public Router(SharingAgreement agreement) {
        this.agreement = agreement;
    }

    public Decision route(Envelope envelope, ConsentBook consents) {
        Optional<EventPolicy> found = agreement.policy(envelope.typeName());
        if (found.isEmpty() || !found.get().maySend(envelope.sender())) {
            return new Decision.Refuse(new Rejection.SenderNotPermitted(envelope.sender(), envelope.typeName()));
        }
        EventPolicy policy = found.get();
        Optional<Rejection> unlisted = ListedPlaces.check(agreement, envelope);
        if (unlisted.isPresent()) {
            return new Decision.Refuse(unlisted.get());
        }
        LocalDate on = LocalDate.ofInstant(envelope.time(), ZoneOffset.UTC);
        if (envelope.event() instanceof ConsentRecorded recorded) {
            return record(recorded, policy, envelope, consents);
        }
        if (envelope.event() instanceof ConsentWithdrawn withdrawn) {
            return withdraw(withdrawn, policy, envelope, consents);
        }
        if (policy.addressedBy().isPresent()) {
            return addressed(policy, policy.addressedBy().get(), envelope, consents, on);
        }
        return broadcast(policy, envelope, consents, on);
    }

    private Decision record(ConsentRecorded recorded, EventPolicy policy, Envelope envelope, ConsentBook consents) {
        for (String purpose : recorded.getPurposes()) {
            if (!agreement.purposes().containsKey(purpose)) {
                return new Decision.Refuse(new Rejection.UnknownPurpose(purpose));
            }
        }
        // Recording a consent again under the same reference renews it; who relied on it before still hears of a
        // withdrawal.
        Set<String> reliedOnBy =
                consents.get(recorded.getConsentRef()).map(Consent::recipients).orElse(Set.of());
        Consent consent = new Consent(
                recorded.getConsentRef(),
                Set.copyOf(recorded.getPurposes()),
                Optional.ofNullable(recorded.getValidUntil()),
                Set.of(),
                reliedOnBy);
        return broadcast(
                policy, envelope, consents.with(consent), LocalDate.ofInstant(envelope.time(), ZoneOffset.UTC));
    }

    private Decision withdraw(ConsentWithdrawn withdrawn, EventPolicy policy, Envelope envelope, ConsentBook consents) {
        Optional<Consent> consent = consents.get(withdrawn.getConsentRef());
        if (consent.isEmpty()) {
            return new Decision.Refuse(new Rejection.NoConsent(
                    envelope.subject(),
                    String.join(",", withdrawn.getPurposes()),
                    "consent " + withdrawn.getConsentRef() + " is not on record"));
        }
        Set<String> purposes =
                withdrawn.getPurposes().isEmpty() ? consent.get().purposes() : Set.copyOf(withdrawn.getPurposes());
        List<Delivery> deliveries = new ArrayList<>();
        // Everyone who received data under this consent must learn that it no longer holds.
        consent.get().recipients().stream()
                .filter(r -> !r.equals(envelope.sender()))
                .sorted()
                .forEach(r -> deliveries.add(new Delivery(
                        r, String.join(",", purposes.stream().sorted().toList()), policy.legalBasis(), Set.of())));
        return new Decision.Deliver(deliveries, consents.with(consent.get().withdraw(purposes)));
    }

    private Decision addressed(
            EventPolicy policy, String field, Envelope envelope, ConsentBook consents, LocalDate on) {
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
        ConsentBook next = consents;
        if (route.get().consentRequired()) {
            Optional<String> consentRef = field(envelope.event(), "consentRef").map(String::valueOf);
            Optional<Consent> consent =
                    consentRef.isPresent() ? consents.get(consentRef.get()) : consents.covering(purpose, on);
            if (consent.isEmpty()) {
                return new Decision.Refuse(new Rejection.NoConsent(
                        envelope.subject(),
                        purpose,
                        consentRef
                                .map(ref -> "consent " + ref + " is not on record")
                                .orElse("none on record")));
            }
            if (!consent.get().covers(purpose, on)) {
                return new Decision.Refuse(new Rejection.NoConsent(
                        envelope.subject(), purpose, consent.get().whyNot(purpose, on)));
            }
            next = consents.with(consent.get().reliedOnBy(recipient));
        }
        List<Delivery> deliveries = recipient.equals(envelope.sender())
                ? List.of()
                : List.of(delivery(policy, route.get(), purpose, envelope));
        return new Decision.Deliver(deliveries, next);
    }

    private Decision broadcast(EventPolicy policy, Envelope envelope, ConsentBook consents, LocalDate on) {
        List<Delivery> deliveries = new ArrayList<>();
        ConsentBook next = consents;
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
                Optional<Consent> consent = next.covering(purpose, on);
                if (consent.isPresent()) {
                    next = next.with(consent.get().reliedOnBy(route.recipient()));
                    deliveries.add(delivery(policy, route, purpose, envelope));
                    break;
                }
            }
        }
        return new Decision.Deliver(deliveries, next);
    }

    private static Delivery delivery(EventPolicy policy, Route route, String purpose, Envelope envelope) {
        Set<String> withheld = new HashSet<>();
        for (Schema.Field field : envelope.event().getSchema().getFields()) {
            if (!route.sees(field.name())) {
                withheld.add(field.name());
            }
        }
        return new Delivery(route.recipient(), purpose, policy.legalBasisFor(route), withheld);
    }

    private static Optional<Object> field(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        return field == null ? Optional.empty() : Optional.ofNullable(event.get(field.pos()));
    }
}
