package org.ddrrbus.casework.referral;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ServiceKind;

/**
 * A referral as this agency knows it, from the referral and the answers to it that reached its inbox.
 *
 * @param from the referring agency
 * @param fromBus the other national bus the referring agency is on, for a referral that crossed from there; absent for
 *     one issued on this bus
 * @param to the agency asked to provide the services
 * @param dueBy when the receiving agency must have answered, from the priority
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Referral(
        String referralId,
        String subjectRef,
        String from,
        String fromBus,
        String to,
        String county,
        List<ServiceKind> services,
        Priority priority,
        String purpose,
        String consentRef,
        ReferralStatus status,
        Instant issuedAt,
        Instant dueBy,
        Instant updatedAt,
        String reasonCode,
        String outcome) {

    public Referral {
        services = List.copyOf(services);
    }

    /** Whether {@code agency} of this bus issued it (a referral from another bus's agency of that name is not its). */
    public boolean issuedBy(String agency) {
        return fromBus == null && from.equals(agency);
    }

    /** The referring agency as the pages name it: {@code iom}, or {@code iom (so)} when it is on bus {@code so}. */
    public String referrer() {
        return fromBus == null ? from : from + " (" + fromBus + ")";
    }

    /** Not yet answered although its deadline has passed. */
    public boolean overdue(ReferralDeadline deadline) {
        return status == ReferralStatus.ISSUED && deadline.passed(dueBy);
    }

    Referral moveTo(ReferralStatus next, Instant at, String reason, String result) {
        return new Referral(
                referralId,
                subjectRef,
                from,
                fromBus,
                to,
                county,
                services,
                priority,
                purpose,
                consentRef,
                next,
                issuedAt,
                dueBy,
                at,
                reason != null ? reason : reasonCode,
                result != null ? result : outcome);
    }
}
