package org.ddrrbus.exchange.subject;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the exchange keeps about one person, in a state store keyed by subjectRef, next to that person's events (same
 * key, same partition, same task), so every check sees the consents and referrals recorded before the event.
 *
 * <p>It is bounded: a sender that records consent after consent for one person must not grow the record past what
 * the exchange can write to its changelog.
 */
public record SubjectFile(
        Map<String, Consent> consents, Map<ReferralKey, Referral> referrals, Optional<LocalDate> erasedOn) {

    /** The most consents kept per person. */
    public static final int MAX_CONSENTS = 64;

    /** The most referrals kept per person. */
    public static final int MAX_REFERRALS = 1000;

    /** The longest consentRef or referralId kept. */
    public static final int MAX_REFERENCE = 64;

    public static final SubjectFile EMPTY = new SubjectFile(Map.of(), Map.of(), Optional.empty());

    public SubjectFile(Map<String, Consent> consents, Map<ReferralKey, Referral> referrals) {
        this(consents, referrals, Optional.empty());
    }

    /** A referral id is chosen by its referrer, so it names a referral only together with the referrer. */
    public record ReferralKey(String referrer, String referralId) {}

    public SubjectFile {
        consents = Map.copyOf(consents);
        referrals = Map.copyOf(referrals);
        erasedOn = erasedOn == null ? Optional.empty() : erasedOn;
    }

    /**
     * The file of an erased person: everything about them is dropped, and only the day stays, so that nothing more
     * about them is accepted.
     */
    public static SubjectFile erased(LocalDate on) {
        return new SubjectFile(Map.of(), Map.of(), Optional.of(on));
    }

    public boolean isErased() {
        return erasedOn.isPresent();
    }

    public Optional<Consent> consent(String consentRef) {
        return Optional.ofNullable(consents.get(consentRef));
    }

    /** A consent that covers the purpose on that day, preferring the lowest reference for stability. */
    public Optional<Consent> covering(String purpose, LocalDate on) {
        return consents.values().stream()
                .filter(c -> c.covers(purpose, on))
                .min(Comparator.comparing(Consent::consentRef));
    }

    public SubjectFile with(Consent consent) {
        Map<String, Consent> next = new LinkedHashMap<>(consents);
        next.put(consent.consentRef(), consent);
        return new SubjectFile(next, referrals, erasedOn);
    }

    public Optional<Referral> referral(String referrer, String referralId) {
        return Optional.ofNullable(referrals.get(new ReferralKey(referrer, referralId)));
    }

    /** Every referral with this id, whoever issued it. */
    public List<Referral> referralsWithId(String referralId) {
        return referrals.values().stream()
                .filter(r -> r.referralId().equals(referralId))
                .sorted(Comparator.comparing(Referral::referrer))
                .toList();
    }

    public SubjectFile with(Referral referral) {
        Map<ReferralKey, Referral> next = new LinkedHashMap<>(referrals);
        next.put(new ReferralKey(referral.referrer(), referral.referralId()), referral);
        return new SubjectFile(consents, next, erasedOn);
    }
}
