package org.ddrrbus.casework.referral;

/** Where a referral stands. Only an issued referral can be accepted or declined, only an accepted one completed. */
public enum ReferralStatus {
    ISSUED,
    ACCEPTED,
    DECLINED,
    COMPLETED,
    WITHDRAWN;

    public boolean isOpen() {
        return this == ISSUED || this == ACCEPTED;
    }
}
