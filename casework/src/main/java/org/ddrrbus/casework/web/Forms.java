package org.ddrrbus.casework.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ddrrbus.casework.referral.Referral;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.springframework.stereotype.Component;

/**
 * The forms a page shows: those of the actions the agreement lets this agency send and the signed-in role may take,
 * where their subject (a referral in the right state, a case, nothing yet) is on the page. A viewer gets none.
 */
@Component
class Forms {

    /** A form the person sent and the API refused: shown again with what they typed and the API's reason. */
    record Submitted(String key, Map<String, List<String>> values, String field, String error) {}

    private final SharingAgreement agreement;
    private final Agency agency;
    private final Labels labels;

    Forms(SharingAgreement agreement, Agency agency, Labels labels) {
        this.agreement = agreement;
        this.agency = agency;
        this.labels = labels;
    }

    /** Whether the signed-in person may take the action here at all. */
    boolean allowed(Action action) {
        StaffRole role = StaffPermissions.currentRole();
        return role.ordinal() >= action.role().ordinal()
                && agreement
                        .policy(action.eventType())
                        .map(p -> p.maySend(agency.id()))
                        .orElse(false);
    }

    /** The forms of one referral, in the order of its life. */
    List<FormView> forReferral(Referral referral, Optional<Submitted> submitted) {
        List<FormView> forms = new ArrayList<>();
        for (Action action : Action.values()) {
            if (action.place().fits(referral, agency.id()) && allowed(action)) {
                forms.add(form(action, referral.referralId(), Map.of("referralId", referral.referralId()), submitted));
            }
        }
        return forms;
    }

    /**
     * The forms about one person; {@code county} is offered where a form asks for one, and a referral is offered the
     * person's latest consent still in force, so nobody has to copy its reference by hand.
     */
    List<FormView> forCase(
            String subjectRef, String county, Optional<String> consentRef, Optional<Submitted> submitted) {
        List<FormView> forms = new ArrayList<>();
        for (Action action : Action.values()) {
            if (action.place() == Action.Place.CASE && allowed(action)) {
                Map<String, String> given = new java.util.HashMap<>();
                given.put("subjectRef", subjectRef);
                if (county != null) {
                    given.put("county", county);
                }
                if (action == Action.REFER) {
                    consentRef.ifPresent(ref -> given.put("consentRef", ref));
                }
                forms.add(form(action, subjectRef, given, submitted));
            }
        }
        return forms;
    }

    /** The forms of the inbox page: about someone not known yet, or about a place. */
    List<FormView> forInbox(Optional<Submitted> submitted) {
        List<FormView> forms = new ArrayList<>();
        for (Action action : Action.values()) {
            if (action.place() == Action.Place.NEW && allowed(action)) {
                forms.add(form(action, "new", Map.of(), submitted));
            }
        }
        return forms;
    }

    static String key(Action action, String about) {
        return action.id() + "-" + about;
    }

    private FormView form(Action action, String about, Map<String, String> given, Optional<Submitted> submitted) {
        String key = key(action, about);
        Optional<Submitted> mine = submitted.filter(s -> s.key().equals(key));
        List<FormView.Input> inputs = new ArrayList<>();
        boolean placed = false;
        for (FieldSpec field : action.fields()) {
            List<String> values = field.kind() == FieldSpec.Kind.HIDDEN
                    ? List.of(given.getOrDefault(field.name(), ""))
                    : mine.map(s -> s.values().getOrDefault(field.name(), List.of()))
                            .orElseGet(() ->
                                    given.containsKey(field.name()) ? List.of(given.get(field.name())) : List.of());
            String error = mine.filter(s -> field.name().equals(s.field()))
                    .map(Submitted::error)
                    .orElse(null);
            placed |= error != null && field.kind() != FieldSpec.Kind.HIDDEN;
            inputs.add(input(key, field, values, field.kind() == FieldSpec.Kind.HIDDEN ? null : error));
        }
        String formError = mine.map(Submitted::error).orElse(null);
        return new FormView(
                key,
                action.id(),
                labels.word("action." + action.id(), action.id()),
                about,
                inputs,
                placed ? null : formError);
    }

    private FormView.Input input(String key, FieldSpec field, List<String> values, String error) {
        String id = key + "-" + field.name();
        List<FormView.Option> options = new ArrayList<>();
        if (field.choices() != null) {
            for (String value : choices(field.choices())) {
                options.add(new FormView.Option(
                        value, labels.choice(field.choices(), value), values.contains(value), id + "-" + value));
            }
        }
        return new FormView.Input(
                field.name(),
                id,
                labels.word("field." + field.name(), field.name()),
                field.kind().name().toLowerCase(java.util.Locale.ROOT),
                field.required(),
                values.isEmpty() ? "" : values.get(0),
                options,
                error);
    }

    private List<String> choices(FieldSpec.Choices choices) {
        if (choices.type() != null) {
            return choices.values();
        }
        Set<String> values = new TreeSet<>();
        if (choices.list().equals(FieldSpec.Choices.PURPOSES)) {
            values.addAll(agreement.purposes().keySet());
        } else if (choices.list().equals(FieldSpec.Choices.REFERRAL_RECIPIENTS)) {
            agreement
                    .policy("ReferralIssued")
                    .ifPresent(p -> values.addAll(p.recipients().keySet()));
            values.remove(agency.id());
        }
        return List.copyOf(values);
    }
}
