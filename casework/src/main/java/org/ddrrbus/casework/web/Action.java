package org.ddrrbus.casework.web;

import static org.ddrrbus.casework.web.FieldSpec.date;
import static org.ddrrbus.casework.web.FieldSpec.hidden;
import static org.ddrrbus.casework.web.FieldSpec.multi;
import static org.ddrrbus.casework.web.FieldSpec.number;
import static org.ddrrbus.casework.web.FieldSpec.select;
import static org.ddrrbus.casework.web.FieldSpec.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.ddrrbus.casework.referral.Referral;
import org.ddrrbus.casework.referral.ReferralStatus;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.MentorshipSessionHeld;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralAccepted;
import org.ddrrbus.events.ReferralCompleted;
import org.ddrrbus.events.ReferralDeclined;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReferralWithdrawn;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskAssessed;
import org.ddrrbus.events.RiskFactor;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.SupportDelivered;
import org.ddrrbus.events.WithdrawalReason;

/**
 * Every action staff can take on a page, each the form of one endpoint of the REST API: where its form is shown, the
 * event it sends (the agreement decides whether the agency may send it at all), the least role it needs, and its
 * fields. A field's name is the API's, so the API's refusal of a field lands next to it.
 */
enum Action {
    ACCEPT(
            "/api/referrals/{referralId}/accept",
            ReferralAccepted.class,
            StaffRole.CASEWORKER,
            Place.RECEIVED_ISSUED,
            hidden("referralId").pathVariable(),
            date("expectedStartOn")),
    DECLINE(
            "/api/referrals/{referralId}/decline",
            ReferralDeclined.class,
            StaffRole.CASEWORKER,
            Place.RECEIVED_ISSUED,
            hidden("referralId").pathVariable(),
            select("reasonCode", DeclineReason.class, true)),
    SUPPORT(
            "/api/support",
            SupportDelivered.class,
            StaffRole.CASEWORKER,
            Place.RECEIVED_OPEN,
            hidden("referralId"),
            select("kind", ServiceKind.class, true),
            date("deliveredOn")),
    SESSION(
            "/api/mentorship-sessions",
            MentorshipSessionHeld.class,
            StaffRole.CASEWORKER,
            Place.RECEIVED_ACCEPTED,
            hidden("referralId"),
            select("format", SessionFormat.class, true),
            multi("participants", Participant.class, true),
            number("durationMinutes"),
            date("heldOn")),
    COMPLETE(
            "/api/referrals/{referralId}/complete",
            ReferralCompleted.class,
            StaffRole.CASEWORKER,
            Place.RECEIVED_ACCEPTED,
            hidden("referralId").pathVariable(),
            select("outcome", ReferralOutcome.class, true)),
    WITHDRAW_REFERRAL(
            "/api/referrals/{referralId}/withdraw",
            ReferralWithdrawn.class,
            StaffRole.CASEWORKER,
            Place.ISSUED_OPEN,
            hidden("referralId").pathVariable(),
            select("reasonCode", WithdrawalReason.class, true)),
    REFER(
            "/api/referrals",
            ReferralIssued.class,
            StaffRole.CASEWORKER,
            Place.CASE,
            hidden("subjectRef"),
            select("toAgency", FieldSpec.Choices.REFERRAL_RECIPIENTS),
            text("county", true),
            multi("services", ServiceKind.class, true),
            select("priority", Priority.class, true),
            select("purpose", FieldSpec.Choices.PURPOSES),
            text("consentRef", true)),
    CONSENT(
            "/api/consents",
            ConsentRecorded.class,
            StaffRole.CASEWORKER,
            Place.CASE,
            hidden("subjectRef"),
            multi("purposes", FieldSpec.Choices.PURPOSES, true),
            date("givenOn"),
            date("validUntil")),
    WITHDRAW_CONSENT(
            "/api/consents/{consentRef}/withdraw",
            ConsentWithdrawn.class,
            StaffRole.CASEWORKER,
            Place.CASE,
            hidden("subjectRef"),
            text("consentRef", true).pathVariable(),
            multi("purposes", FieldSpec.Choices.PURPOSES, false),
            date("withdrawnOn")),
    PHASE(
            "/api/returnees/{subjectRef}/phase",
            PhaseChanged.class,
            StaffRole.SUPERVISOR,
            Place.CASE,
            hidden("subjectRef").pathVariable(),
            select("toPhase", Phase.class, true),
            select("reason", PhaseChangeReason.class, true),
            date("changedOn")),
    RISK(
            "/api/returnees/{subjectRef}/risk",
            RiskAssessed.class,
            StaffRole.SUPERVISOR,
            Place.CASE,
            hidden("subjectRef").pathVariable(),
            select("level", RiskLevel.class, true),
            multi("factors", RiskFactor.class, false),
            date("assessedOn"),
            date("nextReviewOn")),
    REGISTER(
            "/api/returnees",
            ReturneeRegistered.class,
            StaffRole.CASEWORKER,
            Place.NEW,
            text("county", true),
            text("areaOfReturn", true),
            select("ageBand", AgeBand.class, true),
            select("gender", Gender.class, true),
            select("returnRoute", ReturnRoute.class, false),
            select("initialPhase", Phase.class, false),
            date("registeredOn")),
    BORDER_RETURN(
            "/api/border-returns",
            BorderReturnRecorded.class,
            StaffRole.CASEWORKER,
            Place.NEW,
            text("subjectRef", false),
            text("county", true),
            text("borderPoint", false),
            text("returnedFrom", false),
            date("recordedOn")),
    COMMUNITY_RISK(
            "/api/community-risk",
            CommunityRiskAssessed.class,
            StaffRole.SUPERVISOR,
            Place.NEW,
            text("county", true),
            text("area", true),
            select("level", RiskLevel.class, true),
            multi("factors", CommunityRiskFactor.class, false),
            date("assessedOn"));

    /** Where an action's form is shown. */
    enum Place {
        /** On a referral addressed to this agency and not yet answered. */
        RECEIVED_ISSUED,
        /** On a referral addressed to this agency, issued or accepted. */
        RECEIVED_OPEN,
        /** On a referral addressed to this agency and accepted. */
        RECEIVED_ACCEPTED,
        /** On a referral this agency issued, while it is open. */
        ISSUED_OPEN,
        /** On the case page of a person. */
        CASE,
        /** On the inbox page: about nobody known yet, or about a place. */
        NEW;

        boolean fits(Referral referral, String agency) {
            boolean received = referral.to().equals(agency);
            return switch (this) {
                case RECEIVED_ISSUED -> received && referral.status() == ReferralStatus.ISSUED;
                case RECEIVED_OPEN -> received && referral.status().isOpen();
                case RECEIVED_ACCEPTED -> received && referral.status() == ReferralStatus.ACCEPTED;
                case ISSUED_OPEN ->
                    referral.issuedBy(agency) && referral.status().isOpen();
                default -> false;
            };
        }
    }

    private final String path;
    private final Class<? extends SpecificRecord> event;
    private final StaffRole role;
    private final Place place;
    private final List<FieldSpec> fields;

    Action(String path, Class<? extends SpecificRecord> event, StaffRole role, Place place, FieldSpec... fields) {
        this.path = path;
        this.event = event;
        this.role = role;
        this.place = place;
        this.fields = List.of(fields);
    }

    /** The action's name in a form's address and in the message bundles: {@code withdraw-referral}. */
    String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<Action> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id().equals(id)).findFirst();
    }

    String path() {
        return path;
    }

    String eventType() {
        return event.getSimpleName();
    }

    StaffRole role() {
        return role;
    }

    Place place() {
        return place;
    }

    List<FieldSpec> fields() {
        return fields;
    }
}
