package org.ddrrbus.casework.web;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.NoSuchMessageException;
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
                : choices.list().equals(FieldSpec.Choices.REFERRAL_RECIPIENTS)
                        // An agency by the name the pages give it everywhere else.
                        ? "agency." + value
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

    /**
     * A refusal of the API in the chosen language, from its key in the bundles; the API's own words only where no
     * key has it.
     */
    String reason(MessageSourceResolvable reason) {
        try {
            return messages.getMessage(reason, locale());
        } catch (NoSuchMessageException e) {
            return reason.getDefaultMessage() == null ? "" : reason.getDefaultMessage();
        }
    }

    /** Whether the page is in English, the language of the exchange's own one-line details. */
    static boolean english() {
        return locale().getLanguage().equals(Locale.ENGLISH.getLanguage());
    }

    static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
