package org.ddrrbus.exchange.routing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.client.agreement.EventPolicy;
import org.ddrrbus.client.agreement.Route;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.client.rejection.Rejection;
import org.ddrrbus.exchange.subject.Consent;
import org.ddrrbus.exchange.subject.SubjectFile;

/**
 * The {@link Router}'s two ways of delivering an event the rules let through: to the one agency it names
 * ({@link #addressed}), or to every recipient the agreement lists whose route it may take ({@link #broadcast}); and
 * the small checks the rules share.
 */
final class Routes {

    private Routes() {}

    static Decision then(Decision decision, UnaryOperator<SubjectFile> change) {
        return decision instanceof Decision.Deliver deliver
                ? new Decision.Deliver(deliver.deliveries(), change.apply(deliver.file()), deliver.abroad())
                : decision;
    }

    static Decision addressed(EventPolicy policy, String field, Envelope envelope, SubjectFile file, LocalDate today) {
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

    static Decision broadcast(EventPolicy policy, Envelope envelope, SubjectFile file, LocalDate today) {
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
    static Optional<Rejection> reference(Envelope envelope, String field, String value) {
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

    static Optional<Object> field(SpecificRecord event, String name) {
        Schema.Field field = event.getSchema().getField(name);
        return field == null ? Optional.empty() : Optional.ofNullable(event.get(field.pos()));
    }
}
