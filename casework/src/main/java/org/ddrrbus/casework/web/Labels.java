package org.ddrrbus.casework.web;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Words of the pages from the message bundles ({@code casework/messages*.properties}) in the language the person
 * chose: labels of fields and of the values of the events' enums, names of purposes and agencies.
 */
@Component
class Labels {

    private final MessageSource messages;

    Labels(MessageSource messages) {
        this.messages = messages;
    }

    /** The label of a value of a field: an enum symbol by its type, or a purpose or agency by its list. */
    String choice(FieldSpec.Choices choices, String value) {
        String key = choices.type() != null
                ? "enum." + choices.type().getSimpleName() + "." + value
                : choices.list() + "." + value;
        return word(key, value);
    }

    /** The label of an enum symbol. */
    String symbol(Enum<?> symbol) {
        return symbol == null
                ? ""
                : word("enum." + symbol.getDeclaringClass().getSimpleName() + "." + symbol.name(), symbol.name());
    }

    /** The message of the key in the chosen language; {@code fallback} when neither bundle has it. */
    String word(String key, String fallback, Object... args) {
        return messages.getMessage(key, args, fallback, locale());
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
