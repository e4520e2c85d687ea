package org.ddrrbus.casework.casefile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.ddrrbus.casework.referral.Referral;

/**
 * What this agency knows about one person: never a name, only the case code and what the agreement let it see.
 *
 * @param phase the latest DDRR phase this agency has been told of
 * @param riskLevel the latest individual risk level this agency has been told of
 * @param consents consent references recorded for the person, with their purposes, as far as this agency knows
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseFile(
        String subjectRef,
        String county,
        String phase,
        String riskLevel,
        List<String> consents,
        List<Referral> referrals,
        List<TimelineEntry> timeline) {}
