package org.ddrrbus.casework.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** A refusal is one key of the bundles: the API's English line from the English one, a page's words in each language. */
class ReasonTest {

    private static final Pattern KEY = Pattern.compile("Reason\\.of\\(\\s*\"([^\"]+)\"");

    @Test
    void theApiSaysTheEnglishLineAndAPageSaysItInKiswahili() {
        Reason unknown = Reason.of("purpose.unknown", "spying", "mentorship, oversight");
        assertThat(unknown.english())
                .isEqualTo("'spying' is not a purpose of the sharing agreement (mentorship, oversight)");
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("casework/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        assertThat(messages.getMessage(unknown, Locale.ENGLISH)).isEqualTo(unknown.english());
        assertThat(messages.getMessage(unknown, Locale.forLanguageTag("sw")))
                .isEqualTo("'spying' si madhumuni ya makubaliano ya kushiriki taarifa (mentorship, oversight)");

        Reason refused = Reason.of(
                "exchange.refused", "no consent covers it", Reason.word("enum.RejectionReason.NO_CONSENT", "NO"));
        assertThat(refused.english()).isEqualTo("the exchange refused the event: no consent covers it");
        assertThat(messages.getMessage(refused, Locale.forLanguageTag("sw")))
                .isEqualTo("Mfumo wa ubadilishanaji ulikataa tukio: Hakuna idhini.");
        // Where a rule words its own English, the API keeps it; the page still has the key.
        assertThat(Reason.of("county.unknown")
                        .saying("county 'x' is not one of the 47 counties")
                        .english())
                .isEqualTo("county 'x' is not one of the 47 counties");
    }

    @Test
    void theApiSaysAReasonInKiswahiliToACallerWhoAsksAndInEnglishToAnyOther() {
        Reason erased = Reason.of("erasure.already", "KE-7Q2M-4XJD");
        Reason ownWords = Reason.of("Pattern.subjectRef").saying("must be a case code such as KE-7Q2M-4XJD");

        assertThat(erased.in(Locale.forLanguageTag("sw-KE"))).isEqualTo("KE-7Q2M-4XJD amekwisha kufutwa");
        assertThat(erased.in(Locale.ENGLISH)).isEqualTo("KE-7Q2M-4XJD was already erased");
        assertThat(erased.in(Locale.FRENCH)).isEqualTo(erased.english());
        assertThat(erased.in(null)).isEqualTo(erased.english());
        // A rule's own English stays the API's English; Kiswahili comes from the bundle's key.
        assertThat(ownWords.in(Locale.ENGLISH)).isEqualTo("must be a case code such as KE-7Q2M-4XJD");
        assertThat(ownWords.in(Locale.forLanguageTag("sw")))
                .isEqualTo(messages().getMessage(ownWords, Locale.forLanguageTag("sw")));
        assertThat(Reason.of("role.mayOnlyRead", Reason.word("role.VIEWER", "viewer"))
                        .in(Locale.forLanguageTag("sw")))
                .isEqualTo("jukumu la mtazamaji linaweza kusoma tu");
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("casework/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }

    @Test
    void everyReasonTheServicesGiveIsInTheBundles() throws IOException {
        Properties english = new Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("casework/messages.properties")) {
            english.load(in);
        }
        Set<String> used = new TreeSet<>();
        Path services = Path.of("..", "services");
        for (Path root : Stream.concat(
                        Stream.of(Path.of("src", "main", "java")),
                        Files.isDirectory(services)
                                ? Files.list(services).map(s -> s.resolve("src/main/java"))
                                : Stream.empty())
                .filter(Files::isDirectory)
                .toList()) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file :
                        files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher keys = KEY.matcher(Files.readString(file));
                    while (keys.find()) {
                        used.add(Reason.PREFIX + keys.group(1));
                    }
                }
            }
        }
        assertThat(used).as("reasons given in the code").hasSizeGreaterThan(20);
        for (String key : used) {
            // A key built at run time ("referral.wrongStatus." + what) needs one entry at least under its stem.
            assertThat(english.stringPropertyNames())
                    .as(key)
                    .anyMatch(k -> key.endsWith(".") ? k.startsWith(key) : k.equals(key));
        }
    }
}
