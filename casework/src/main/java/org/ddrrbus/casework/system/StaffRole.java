package org.ddrrbus.casework.system;

/**
 * What a member of an agency's staff may do through its service. The sharing agreement decides what the agency may
 * send at all; the role decides who inside the agency may send it.
 */
public enum StaffRole {
    /** Reads cases, referrals and rejections. */
    VIEWER,
    /** Also registers people, records consent, issues and answers referrals, records sessions and support. */
    CASEWORKER,
    /** Also moves people between DDRR phases and records risk assessments. */
    SUPERVISOR;

    public String authority() {
        return "ROLE_" + name();
    }
}
