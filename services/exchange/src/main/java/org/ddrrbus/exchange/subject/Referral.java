package org.ddrrbus.exchange.subject;

import java.util.Optional;
import org.ddrrbus.state.ReferralStatus;

/**
 * One referral of a person, as the exchange saw it issued and answered: only its recipient may answer it or report on
 * it, only its referrer may withdraw it.
 *
 * @param fromBus the other national bus the referral was issued on, when it arrived through the federation inlet: its
 *     referrer is an agency there, so answers and reports go to no agency here (they cross back, if the federation
 *     agreement lets them), and no agency here may withdraw it
 */
public record Referral(
        String referralId, String referrer, String recipient, ReferralStatus status, Optional<String> fromBus) {

    public Referral {
        fromBus = fromBus == null ? Optional.empty() : fromBus;
    }

    public Referral(String referralId, String referrer, String recipient, ReferralStatus status) {
        this(referralId, referrer, recipient, status, Optional.empty());
    }

    public static Referral issued(String referralId, String referrer, String recipient) {
        return new Referral(referralId, referrer, recipient, ReferralStatus.ISSUED);
    }

    /** A referral issued by {@code referrer} of bus {@code bus}, which the federation inlet delivered here. */
    public static Referral arrived(String referralId, String bus, String referrer, String recipient) {
        return new Referral(referralId, referrer, recipient, ReferralStatus.ISSUED, Optional.of(bus));
    }

    public boolean isForeign() {
        return fromBus.isPresent();
    }

    public Referral now(ReferralStatus next) {
        return new Referral(referralId, referrer, recipient, next, fromBus);
    }
}
