package org.ddrrbus.dashboard.figures;

/**
 * Names of the cells the figures are made of. A cell id is a path of parts joined by {@code |}; no part can contain
 * that character, since every part is an enum symbol, an agency id, a week or a sanitised label.
 */
final class Cells {

    static final String SEPARATOR = "|";

    static final String RETURNEES_TOTAL = "returnees|total";
    static final String REGISTRATIONS_TOTAL = "registrations|total";
    static final String REGISTRATIONS_EARLIER = "registrations|earlier";
    static final String REGISTRATIONS_LATER = "registrations|later";
    static final String REFERRALS_TOTAL = "referrals|total";
    static final String ACCEPTED_ALL = "referrals|accepted-all";
    static final String ACCEPTED_IN_PREFIX = "referrals|accepted-in|";
    static final String SUPPORT_TOTAL = "support|total";
    static final String MENTORSHIP_TOTAL = "mentorship|total";
    static final String QUARANTINE_TOTAL = "quarantine|total";

    private Cells() {}

    static String phase(String phase) {
        return "returnees|phase|" + phase;
    }

    static String county(String county) {
        return "returnees|county|" + county;
    }

    static String week(String isoWeek) {
        return "registrations|week|" + isoWeek;
    }

    static String status(ReferralStatus status) {
        return "referrals|status|" + status.name();
    }

    static String agencyStatus(String agency, ReferralStatus status) {
        return "referrals|agency|" + agency + SEPARATOR + status.name();
    }

    static String agencyTotal(String agency) {
        return "referrals|agency|" + agency + "|TOTAL";
    }

    static String declined(String reason) {
        return "referrals|declined|" + reason;
    }

    /** How many referrals to this agency were accepted; the basis of its median. */
    static String accepted(String agency) {
        return "referrals|accepted|" + agency;
    }

    /** One bucket of the distribution of minutes from referral to acceptance; never published itself. */
    static String acceptedIn(String agency, long minutes) {
        return ACCEPTED_IN_PREFIX + agency + SEPARATOR + minutes;
    }

    static String support(String kind) {
        return "support|kind|" + kind;
    }

    static String mentorship(String format) {
        return "mentorship|format|" + format;
    }

    static String risk(String county, String area, String level) {
        return "risk|" + county + SEPARATOR + area + SEPARATOR + level;
    }

    static String quarantine(String reason) {
        return "quarantine|reason|" + reason;
    }

    /** The parts after the given prefix, e.g. {@code parts("referrals|agency|iom|OPEN", "referrals|agency|")}. */
    static String[] parts(String cell, String prefix) {
        return cell.substring(prefix.length()).split("\\|", -1);
    }
}
