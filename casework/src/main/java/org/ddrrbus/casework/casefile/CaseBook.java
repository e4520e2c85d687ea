package org.ddrrbus.casework.casefile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ddrrbus.casework.inbox.InboxProjection;
import org.ddrrbus.casework.referral.ReferralBook;
import org.ddrrbus.client.envelope.Envelope;
import org.ddrrbus.events.BorderReturnRecorded;
import org.ddrrbus.events.CommunityRiskAssessed;
import org.ddrrbus.events.ConsentRecorded;
import org.ddrrbus.events.ConsentWithdrawn;
import org.ddrrbus.events.PhaseChanged;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.ReturneeRegistered;
import org.ddrrbus.events.RiskAssessed;
import org.ddrrbus.events.SubjectErased;
import org.springframework.stereotype.Component;

/** Case files of the people this agency has heard of, rebuilt from its inbox. */
@Component
public class CaseBook implements InboxProjection {

    private final ReferralBook referrals;
    private final Map<String, Case> cases = new LinkedHashMap<>();
    /** Erased people: kept by case code only, so that nothing arriving later puts a case file back. */
    private final Set<String> erased = new HashSet<>();

    CaseBook(ReferralBook referrals) {
        this.referrals = referrals;
    }

    private static final class Case {
        String county;
        String phase;
        String riskLevel;
        final Map<String, String> consents = new LinkedHashMap<>();
        final List<TimelineEntry> timeline = new ArrayList<>();
    }

    @Override
    public void apply(Envelope envelope, String purpose) {
        apply(envelope, purpose, List.of());
    }

    @Override
    public synchronized void apply(Envelope envelope, String purpose, List<String> withheld) {
        if (envelope.event() instanceof CommunityRiskAssessed
                || envelope.event().getSchema().getField("subjectRef") == null) {
            return;
        }
        Object ref = envelope.event()
                .get(envelope.event().getSchema().getField("subjectRef").pos());
        if (ref == null) {
            return;
        }
        if (envelope.event() instanceof SubjectErased) {
            cases.remove(ref.toString());
            erased.add(ref.toString());
            return;
        }
        if (erased.contains(ref.toString())) {
            return;
        }
        Case file = cases.computeIfAbsent(ref.toString(), r -> new Case());
        if (envelope.event() instanceof ReturneeRegistered e) {
            file.county = e.getCounty();
            file.phase = e.getInitialPhase().name();
        } else if (envelope.event() instanceof PhaseChanged e) {
            file.county = e.getCounty();
            file.phase = e.getToPhase().name();
        } else if (envelope.event() instanceof RiskAssessed e) {
            file.riskLevel = e.getLevel().name();
        } else if (envelope.event() instanceof ReferralIssued e) {
            file.county = file.county == null ? e.getCounty() : file.county;
        } else if (envelope.event() instanceof BorderReturnRecorded e) {
            file.county = file.county == null ? e.getCounty() : file.county;
        } else if (envelope.event() instanceof ConsentRecorded e) {
            file.consents.put(e.getConsentRef(), String.join(",", e.getPurposes()));
        } else if (envelope.event() instanceof ConsentWithdrawn e) {
            file.consents.computeIfPresent(
                    e.getConsentRef(),
                    (k, v) -> v + " (withdrawn"
                            + (e.getPurposes().isEmpty() ? "" : ": " + String.join(",", e.getPurposes())) + ")");
        }
        file.timeline.add(new TimelineEntry(
                envelope.time(),
                envelope.typeName(),
                envelope.sender(),
                Summaries.of(envelope.event()),
                purpose,
                envelope.id(),
                withheld,
                envelope.event()));
    }

    public synchronized Optional<CaseFile> get(String subjectRef) {
        Case file = cases.get(subjectRef);
        if (file == null) {
            return Optional.empty();
        }
        return Optional.of(view(subjectRef, file));
    }

    public synchronized List<CaseFile> all() {
        List<CaseFile> all = new ArrayList<>();
        cases.forEach(
                (ref, file) -> all.add(new CaseFile(ref, file.county, file.phase, file.riskLevel, null, null, null)));
        all.sort(Comparator.comparing(CaseFile::subjectRef));
        return all;
    }

    public synchronized int size() {
        return cases.size();
    }

    private CaseFile view(String subjectRef, Case file) {
        List<String> consents = file.consents.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .toList();
        List<TimelineEntry> timeline = file.timeline.stream()
                .sorted(Comparator.comparing(TimelineEntry::time))
                .toList();
        return new CaseFile(
                subjectRef, file.county, file.phase, file.riskLevel, consents, referrals.about(subjectRef), timeline);
    }
}
