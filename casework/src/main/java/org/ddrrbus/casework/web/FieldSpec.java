package org.ddrrbus.casework.web;

import java.util.List;
import org.ddrrbus.casework.system.ClosedLists;

/**
 * One input of an action's form.
 *
 * @param name the name of the field in the API's JSON body (or of the path variable)
 * @param kind how it is typed in and sent
 * @param required whether the API needs it; shown on the form, judged by the API
 * @param choices where a choice's values come from, for {@link Kind#SELECT} and {@link Kind#MULTI}
 * @param inPath sent as the path variable of that name, not in the body
 */
record FieldSpec(String name, Kind kind, boolean required, Choices choices, boolean inPath) {

    enum Kind {
        TEXT,
        DATE,
        NUMBER,
        SELECT,
        MULTI,
        /** Given by the page (the referral or case a form is about), never typed. */
        HIDDEN
    }

    /** The values of a choice: an enum of the events' schemas, or lists of the sharing agreement. */
    record Choices(Class<? extends Enum<?>> type, String list) {

        static final String PURPOSES = "purposes";
        static final String REFERRAL_RECIPIENTS = "referral-recipients";

        static Choices of(Class<? extends Enum<?>> type) {
            return new Choices(type, null);
        }

        List<String> values() {
            return type == null ? List.of() : ClosedLists.accepted(type);
        }
    }

    static FieldSpec text(String name, boolean required) {
        return new FieldSpec(name, Kind.TEXT, required, null, false);
    }

    static FieldSpec date(String name) {
        return new FieldSpec(name, Kind.DATE, false, null, false);
    }

    static FieldSpec number(String name) {
        return new FieldSpec(name, Kind.NUMBER, true, null, false);
    }

    static FieldSpec select(String name, Class<? extends Enum<?>> type, boolean required) {
        return new FieldSpec(name, Kind.SELECT, required, Choices.of(type), false);
    }

    static FieldSpec select(String name, String list) {
        return new FieldSpec(name, Kind.SELECT, true, new Choices(null, list), false);
    }

    static FieldSpec multi(String name, Class<? extends Enum<?>> type, boolean required) {
        return new FieldSpec(name, Kind.MULTI, required, Choices.of(type), false);
    }

    static FieldSpec multi(String name, String list, boolean required) {
        return new FieldSpec(name, Kind.MULTI, required, new Choices(null, list), false);
    }

    static FieldSpec hidden(String name) {
        return new FieldSpec(name, Kind.HIDDEN, true, null, false);
    }

    FieldSpec pathVariable() {
        return new FieldSpec(name, kind, required, choices, true);
    }
}
