package org.ddrrbus.casework.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.ddrrbus.casework.casefile.TimelineEntry;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.RejectionReason;
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

    @Test
    void aRefusalOnTheTimelineNamesTheEventAndKeepsTheBusInternalsAndTheExchangesEnglishOff() {
        DeliveryRejected refused = DeliveryRejected.newBuilder()
                .setRejectedEventId("9dce3d6e-a391-4ea1-9d91-c2d0969eb49b")
                .setRejectedEventType("org.ddrrbus.events.ReferralIssued")
                .setSubjectRef("KE-7Q2M-4XJD")
                .setReason(RejectionReason.NO_CONSENT)
                .setDetail("no consent of KE-7Q2M-4XJD covers purpose 'mentorship'")
                .setSourceTopic("ddrr.outbox.iom")
                .setSourcePartition(1)
                .setSourceOffset(2L)
                .build();
        TimelineEntry entry = new TimelineEntry(
                Instant.parse("2026-12-04T17:28:00Z"),
                "DeliveryRejected",
                "exchange",
                "",
                null,
                "e1",
                List.of(),
                refused);

        LocaleContextHolder.setLocale(Locale.forLanguageTag("sw"));
        assertThat(views.timeline(entry).details())
                .extracting(d -> d.label() + ": " + d.value())
                .containsExactly(
                        "Tukio lililokataliwa: 9dce3d6e-a391-4ea1-9d91-c2d0969eb49b",
                        "Aina ya tukio lililokataliwa: Rufaa imetolewa",
                        "Sababu: Hakuna idhini");

        LocaleContextHolder.setLocale(Locale.ENGLISH);
        assertThat(views.timeline(entry).details())
                .extracting(d -> d.label() + ": " + d.value())
                .contains("Refused event type: Referral issued", "Detail: " + refused.getDetail())
                .noneMatch(line -> line.contains("ddrr.outbox") || line.contains("org.ddrrbus"));
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("casework/messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
