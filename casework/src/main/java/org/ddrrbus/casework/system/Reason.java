package org.ddrrbus.casework.system;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import org.springframework.context.MessageSourceResolvable;

/**
 * Why a request is refused, as a key of the casework message bundles ({@code casework/messages*.properties}, under
 * {@code problem.}) and its arguments. The REST API says it in English, from the English bundle, in one line for
 * machines and the people who read their logs, or in Kiswahili to a caller whose {@code Accept-Language} asks for it
 * ({@link #in}); the staff's pages say it in the language the person chose, from the same key. An argument is a value quoted as it is, or another message (an enum label, say) that each language names
 * in its own words.
 *
 * @param key the message's key under {@code problem.}
 * @param args the values the message quotes: text, or a {@link MessageSourceResolvable} said in each language
 * @param said the API's English where it is not the bundle's (a rule of bus-client words its own), otherwise null
 */
public record Reason(String key, List<Object> args, String said) implements MessageSourceResolvable {

    /** Where the reasons are in the bundles. */
    public static final String PREFIX = "problem.";

    private static final String BUNDLE = "casework.messages";

    public Reason {
        args = List.copyOf(args);
    }

    /** The reason under {@code problem.<key>}, quoting each argument as text unless it is itself a message. */
    public static Reason of(String key, Object... args) {
        return new Reason(
                key,
                Arrays.stream(args)
                        .map(a -> a instanceof MessageSourceResolvable ? a : String.valueOf(a))
                        .toList(),
                null);
    }

    /** A word of the bundles as an argument: an enum's label, say ({@code enum.RejectionReason.NO_CONSENT}). */
    public static MessageSourceResolvable word(String key, String english) {
        return new org.springframework.context.support.DefaultMessageSourceResolvable(
                new String[] {key}, null, english);
    }

    /** The same reason, with the API saying it in words of its own (those of the rule that refused). */
    public Reason saying(String english) {
        return new Reason(key, args, english);
    }

    /** The reason as the API says it: in English, in one line. */
    public String english() {
        return said != null ? said : format(Locale.ROOT);
    }

    /**
     * The reason as the API says it to a caller who asks for {@code language} ({@code Accept-Language}): in Kiswahili
     * when asked for ({@code sw}), from the Kiswahili bundle; in English otherwise, the default.
     */
    public String in(Locale language) {
        return language != null && language.getLanguage().equals(KISWAHILI.getLanguage())
                ? format(KISWAHILI)
                : english();
    }

    private static final Locale KISWAHILI = Locale.forLanguageTag("sw");

    private String format(Locale bundle) {
        String pattern = text(bundle, PREFIX + key, key);
        if (args.isEmpty()) {
            return pattern;
        }
        Object[] values = args.stream()
                .map(a -> a instanceof MessageSourceResolvable word
                        ? text(bundle, word.getCodes()[0], word.getDefaultMessage())
                        : a)
                .toArray();
        return new MessageFormat(pattern, Locale.ROOT).format(values);
    }

    /** {@code Locale.ROOT} is the English bundle itself; another language falls back to it key by key. */
    private static String text(Locale bundle, String key, String fallback) {
        try {
            return ResourceBundle.getBundle(
                            BUNDLE,
                            bundle,
                            Reason.class.getClassLoader(),
                            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES))
                    .getString(key);
        } catch (MissingResourceException e) {
            return fallback;
        }
    }

    @Override
    public String[] getCodes() {
        return new String[] {PREFIX + key};
    }

    @Override
    public Object[] getArguments() {
        return args.toArray();
    }

    @Override
    public String getDefaultMessage() {
        return english();
    }
}
