package org.ddrrbus.dashboard.figures;

/**
 * Where a referral stands. Every referral is in exactly one status, so the statuses of an agency add up to the
 * referrals it received.
 */
public enum ReferralStatus {
    /** Not yet answered, and its priority deadline has not passed. */
    OPEN("Open"),
    /** Not accepted or declined by the deadline its priority sets. */
    OVERDUE("Overdue"),
    /** Accepted and not yet completed. */
    ACCEPTED("Accepted"),
    DECLINED("Declined"),
    COMPLETED("Completed"),
    /** Withdrawn by the referring agency before completion. */
    WITHDRAWN("Withdrawn");

    private final String label;

    ReferralStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
