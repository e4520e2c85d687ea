package org.ddrrbus.casework.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.context.support.ResourceBundleMessageSource;

/** A consent on the case page names its purposes and its withdrawal in the chosen language. */
class ViewsTest {

    private final Views views = new Views(new Labels(messages()), null, null);

    @AfterEach
    void english() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void aConsentIsSaidInTheChosenLanguage() {
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(views.consent("CONSENT-AB12: mentorship,reintegration-support"))
                .isEqualTo("CONSENT-AB12: mentorship, reintegration support");

        LocaleContextHolder.setLocale(Locale.forLanguageTag("sw"));
        assertThat(views.consent("CONSENT-AB12: mentorship,reintegration-support (withdrawn: mentorship)"))
                .isEqualTo(
                        "CONSENT-AB12: ushauri na malezi, msaada wa kujumuishwa upya (imeondolewa: ushauri na malezi)");
        assertThat(views.consent("CONSENT-AB12: oversight (withdrawn)"))
                .isEqualTo("CONSENT-AB12: usimamizi huru (imeondolewa)");
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("casework/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
