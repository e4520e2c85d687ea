package org.ddrrbus.dashboard.figures;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ddrrbus.client.referral.ReferralDeadline;

/**
 * What one subject contributes to the cells, as a pure function of the facts kept about it and the time now.
 *
 * <p>The result does not depend on the order in which the facts arrived: events of one person come from several
 * outboxes (the referral from the case owner, the answer from the provider), and after a restart or a replay they
 * may be read in another order. Referral answers count only when sent by the agency the referral was addressed to,
 * and withdrawals only when sent by the agency that issued it: each outbox holds its sender's own view, and the
 * dashboard does not take one agency's word about another's referral.
 *
 * @param cells how much the subject adds to each cell
 * @param nextDeadline the earliest priority deadline of an open referral, when the cells change by themselves
 */
record Tally(Map<String, Long> cells, Optional<Instant> nextDeadline) {

    Tally {
        cells = Map.copyOf(cells);
    }

    static Tally of(Collection<Fact> facts, Instant now) {
        Map<String, Long> cells = new TreeMap<>();
        returnee(facts, cells);
        Optional<Instant> deadline = referrals(facts, now, cells);
        for (Fact fact : facts) {
            if (fact instanceof Fact.Supported supported) {
                add(cells, Cells.support(supported.kind()));
                add(cells, Cells.SUPPORT_TOTAL);
            } else if (fact instanceof Fact.Mentored mentored) {
                add(cells, Cells.mentorship(mentored.format()));
                add(cells, Cells.MENTORSHIP_TOTAL);
            }
        }
        facts.stream()
                .filter(Fact.AreaRisk.class::isInstance)
                .map(Fact.AreaRisk.class::cast)
                .max(Comparator.comparingInt(Fact.AreaRisk::assessedOn).thenComparingLong(Fact.AreaRisk::time))
                .ifPresent(risk -> add(cells, Cells.risk(risk.county(), risk.area(), risk.level())));
        return new Tally(cells, deadline);
    }

    /** The current phase and county come from the latest registration or phase change; the week from the registration. */
    private static void returnee(Collection<Fact> facts, Map<String, Long> cells) {
        Optional<Fact> latest = facts.stream()
                .filter(f -> f instanceof Fact.Registered || f instanceof Fact.PhaseMoved)
                // On the same instant a phase change comes after the registration it follows.
                .max(Comparator.comparingLong(Fact::time).thenComparing(f -> f instanceof Fact.PhaseMoved));
        latest.ifPresent(fact -> {
            String phase = fact instanceof Fact.Registered r ? r.phase() : ((Fact.PhaseMoved) fact).phase();
            String county = fact instanceof Fact.Registered r ? r.county() : ((Fact.PhaseMoved) fact).county();
            add(cells, Cells.phase(phase));
            add(cells, Cells.county(county));
            add(cells, Cells.RETURNEES_TOTAL);
        });
        facts.stream()
                .filter(Fact.Registered.class::isInstance)
                .map(Fact.Registered.class::cast)
                .max(Comparator.comparingLong(Fact::time))
                .ifPresent(registered -> {
                    add(cells, Cells.week(isoWeek(LocalDate.ofEpochDay(registered.registeredOn()))));
                    add(cells, Cells.REGISTRATIONS_TOTAL);
                });
    }

    private static Optional<Instant> referrals(Collection<Fact> facts, Instant now, Map<String, Long> cells) {
        Map<String, List<Fact>> byReferral = new LinkedHashMap<>();
        for (Fact fact : facts) {
            String referral = fact instanceof Fact.Issued i
                    ? i.referral()
                    : fact instanceof Fact.Answered a
                            ? a.referral()
                            : fact instanceof Fact.Withdrawn w ? w.referral() : null;
            if (referral != null) {
                byReferral.computeIfAbsent(referral, r -> new ArrayList<>()).add(fact);
            }
        }
        Optional<Instant> nextDeadline = Optional.empty();
        for (Map.Entry<String, List<Fact>> referral : byReferral.entrySet()) {
            Optional<Fact.Issued> issued = referral.getValue().stream()
                    .filter(Fact.Issued.class::isInstance)
                    .map(Fact.Issued.class::cast)
                    .min(Comparator.comparingLong(Fact::time));
            if (issued.isEmpty()) {
                continue; // an answer read before its referral waits for it
            }
            Fact.Issued issue = issued.get();
            String issuer = referral.getKey().substring(0, referral.getKey().indexOf(Cells.SEPARATOR));
            List<Fact.Answered> answers = referral.getValue().stream()
                    .filter(Fact.Answered.class::isInstance)
                    .map(Fact.Answered.class::cast)
                    .filter(a -> a.by().equals(issue.toAgency()))
                    .toList();
            boolean withdrawn =
                    referral.getValue().stream().anyMatch(f -> f instanceof Fact.Withdrawn w && w.by().equals(issuer));
            Optional<Fact.Answered> acceptance = answers.stream()
                    .filter(a -> a.answer() == Fact.Answer.ACCEPTED)
                    .min(Comparator.comparingLong(Fact::time));
            Optional<Fact.Answered> decision = answers.stream()
                    .filter(a -> a.answer() != Fact.Answer.COMPLETED)
                    .max(Comparator.comparingLong(Fact::time));
            Instant deadline = Instant.ofEpochMilli(issue.time()).plus(ReferralDeadline.allowed(issue.priority()));

            ReferralStatus status;
            if (answers.stream().anyMatch(a -> a.answer() == Fact.Answer.COMPLETED)) {
                status = ReferralStatus.COMPLETED;
            } else if (withdrawn) {
                status = ReferralStatus.WITHDRAWN;
            } else if (decision.isPresent()) {
                status = decision.get().answer() == Fact.Answer.ACCEPTED
                        ? ReferralStatus.ACCEPTED
                        : ReferralStatus.DECLINED;
            } else if (now.isBefore(deadline)) {
                status = ReferralStatus.OPEN;
                nextDeadline = nextDeadline.filter(d -> d.isBefore(deadline)).or(() -> Optional.of(deadline));
            } else {
                status = ReferralStatus.OVERDUE;
            }
            add(cells, Cells.status(status));
            add(cells, Cells.agencyStatus(issue.toAgency(), status));
            add(cells, Cells.agencyTotal(issue.toAgency()));
            add(cells, Cells.REFERRALS_TOTAL);
            if (status == ReferralStatus.DECLINED) {
                add(cells, Cells.declined(decision.get().reason()));
            }
            acceptance.ifPresent(accepted -> {
                long minutes = Math.max(
                        0, Duration.ofMillis(accepted.time() - issue.time()).toMinutes());
                add(cells, Cells.acceptedIn(issue.toAgency(), minutes));
                add(cells, Cells.accepted(issue.toAgency()));
                add(cells, Cells.ACCEPTED_ALL);
            });
        }
        return nextDeadline;
    }

    static String isoWeek(LocalDate date) {
        return String.format(
                "%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static void add(Map<String, Long> cells, String cell) {
        cells.merge(cell, 1L, Long::sum);
    }

    /** The change from one contribution to the next, per cell: events and people. */
    static Map<String, Delta> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Delta> deltas = new TreeMap<>();
        for (String cell : union(before, after)) {
            long was = before.getOrDefault(cell, 0L);
            long now = after.getOrDefault(cell, 0L);
            long persons = (now > 0 ? 1 : 0) - (was > 0 ? 1 : 0);
            if (was != now || persons != 0) {
                deltas.put(cell, new Delta(now - was, persons));
            }
        }
        return deltas;
    }

    private static Collection<String> union(Map<String, Long> a, Map<String, Long> b) {
        return java.util.stream.Stream.concat(a.keySet().stream(), b.keySet().stream())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
