package org.ddrrbus.casework.web;

import java.util.List;

/**
 * A form as a page shows it: the action, what it is about, its fields with what the person typed, and the API's
 * refusal next to the field at fault (or above the form when no field is).
 *
 * @param key unique on the page, so that every input has its own id for its label
 */
record FormView(String key, String action, String title, String target, List<Input> inputs, String error) {

    /** One field: its label, input id, current values and the refusal that concerns it. */
    record Input(
            String name,
            String id,
            String label,
            String kind,
            boolean required,
            String value,
            List<Option> options,
            String error) {}

    /** One value of a choice, selected or not. */
    record Option(String value, String label, boolean selected, String id) {}
}
