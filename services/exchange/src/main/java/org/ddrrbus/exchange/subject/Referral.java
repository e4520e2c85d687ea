package org.ddrrbus.exchange.subject;

import org.ddrrbus.state.ReferralStatus;

/**
 * One referral of a person, as the exchange saw it issued and answered: only its recipient may answer it or report on
 * it, only its referrer may withdraw it.
 */
public record Referral(String referralId, String referrer, String recipient, ReferralStatus status) {

    public static Referral issued(String referralId, String referrer, String recipient) {
        return new Referral(referralId, referrer, recipient, ReferralStatus.ISSUED);
    }

    public Referral now(ReferralStatus next) {
        return new Referral(referralId, referrer, recipient, next);
    }
}
