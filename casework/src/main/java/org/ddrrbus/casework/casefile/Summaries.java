package org.ddrrbus.casework.casefile;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeliveryRejected;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskAssessed;
import org.ddrrbus.events.SubjectErased;
import org.ddrrbus.events.SupportDelivered;

/** One line a caseworker can read for each kind of event. */
final class Summaries {

    private Summaries() {}

    static String of(SpecificRecord event) {
        if (event instanceof ReturneeRegistered e) {
            return "Registered in " + e.getCounty() + " (" + e.getAreaOfReturn() + "), starting in "
                    + words(e.getInitialPhase());
        } else if (event instanceof PhaseChanged e) {
            return "Moved from " + words(e.getFromPhase()) + " to " + words(e.getToPhase())
                    + (e.getReason() == null ? "" : " (" + words(e.getReason()) + ")");
        } else if (event instanceof RiskAssessed e) {
            return "Risk assessed as " + words(e.getLevel());
        } else if (event instanceof ConsentRecorded e) {
            return "Consent " + e.getConsentRef() + " recorded for " + String.join(", ", e.getPurposes());
        } else if (event instanceof ConsentWithdrawn e) {
            return "Consent " + e.getConsentRef() + " withdrawn"
                    + (e.getPurposes().isEmpty() ? "" : " for " + String.join(", ", e.getPurposes()));
        } else if (event instanceof ReferralIssued e) {
            return "Referred to " + e.getToAgency() + " for "
                    + e.getServices().stream().map(Summaries::words).collect(Collectors.joining(", ")) + " ("
                    + words(e.getPriority()) + ")";
        } else if (event instanceof ReferralAccepted e) {
            return "Referral " + e.getReferralId() + " accepted";
        } else if (event instanceof ReferralDeclined e) {
            return "Referral " + e.getReferralId() + " declined: " + words(e.getReasonCode());
        } else if (event instanceof ReferralCompleted e) {
            return "Referral " + e.getReferralId() + " completed: " + words(e.getOutcome());
        } else if (event instanceof ReferralWithdrawn e) {
            return "Referral " + e.getReferralId() + " withdrawn: " + words(e.getReasonCode());
        } else if (event instanceof MentorshipSessionHeld e) {
            return words(e.getFormat()) + " mentorship session, " + e.getDurationMinutes() + " min, with "
                    + e.getParticipants().stream().map(Summaries::words).collect(Collectors.joining(", "));
        } else if (event instanceof SupportDelivered e) {
            return words(e.getKind()) + " support delivered";
        } else if (event instanceof BorderReturnRecorded e) {
            return "Border return recorded" + (e.getBorderPoint() == null ? "" : " at " + e.getBorderPoint())
                    + ", returning to " + e.getCounty();
        } else if (event instanceof CommunityRiskAssessed e) {
            return "Community risk in " + e.getArea() + ", " + e.getCounty() + ": " + words(e.getLevel());
        } else if (event instanceof DeliveryRejected e) {
            return "Delivery refused (" + words(e.getReason()) + "): " + e.getDetail();
        } else if (event instanceof SubjectErased) {
            return "Protected details erased";
        }
        return event.getSchema().getName();
    }

    static String words(Object symbol) {
        return symbol.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
