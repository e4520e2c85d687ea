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
 * @param to the agency asked to provide the services
 * @param dueBy when the receiving agency must have answered, from the priority
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Referral(
        String referralId,
        String subjectRef,
        String from,
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

    /** Not yet answered although its deadline has passed. */
    public boolean overdue(ReferralDeadline deadline) {
        return status == ReferralStatus.ISSUED && deadline.passed(dueBy);
    }

    Referral moveTo(ReferralStatus next, Instant at, String reason, String result) {
        return new Referral(
                referralId,
                subjectRef,
                from,
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
