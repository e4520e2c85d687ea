package org.ddrrbus.dashboard.figures;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ddrrbus.client.stats.Figure;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Count;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression.Line;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;

/**
 * Turns the cells into the published figures. All figures are suppressed together in one pass, because they share
 * cells and totals: the returnees by phase and by county have the same total, the statuses of the referrals are the
 * column totals of the referrals by agency, the declined referrals are the total of the reasons.
 *
 * <p>Every category of a closed list is listed, zeros included: phases, counties (the configured list and
 * {@code Other}), receiving agencies (those the agreement routes referrals to), weeks (with {@code Earlier} and
 * {@code Later}), statuses, reasons, kinds and formats. A category listed only when it has cases would say "at least
 * one" to anyone who notices it appear. The one exception is the operations panel's quarantine figure: it counts
 * records, not people, is for programme managers only, and lists the reasons that occur.
 */
final class FigureBuilder {

    static final String TOTAL = "Total";

    /** The median is one of the half hours from 0 to 30 days. */
    private static final int MEDIAN_STEP_MINUTES = 30;

    private static final int MEDIAN_CANDIDATES = 30 * 24 * 2 + 1;

    private final SmallCountSuppression suppression;
    private final NoisyRelease release;
    private final int weeksShown;
    private final List<String> counties;
    private final List<String> agencies;

    /**
     * @param counties every county a figure may name, {@code Other} included, in the order shown
     * @param agencies every agency a referral may be addressed to, in the order shown
     */
    FigureBuilder(
            SmallCountSuppression suppression,
            NoisyRelease release,
            int weeksShown,
            List<String> counties,
            List<String> agencies) {
        this.suppression = suppression;
        this.release = release;
        this.weeksShown = weeksShown;
        this.counties = List.copyOf(counties);
        this.agencies = List.copyOf(agencies);
    }

    /**
     * The programme figures of one release: noise added to the counts ({@link NoisyRelease}), then suppressed. The
     * time of the release is their {@code asOf}, and decides which weeks are shown.
     */
    List<PublishedFigure> programme(Map<String, Delta> cells, Instant at) {
        CellTable table = new CellTable(cells);
        List<NoisyRelease.Derivation> derivations = new ArrayList<>();

        List<String> phases = Arrays.stream(Phase.values()).map(Phase::name).toList();
        table.line(phases.stream().map(Cells::phase).toList(), Cells.RETURNEES_TOTAL);
        table.line(counties.stream().map(Cells::county).toList(), Cells.RETURNEES_TOTAL);

        List<String> weeks = weeks(at);
        Map<String, String> weekCells = new LinkedHashMap<>();
        long earlier = table.sumOf("registrations|week|", w -> w.compareTo(weeks.get(0)) < 0);
        long later = table.sumOf("registrations|week|", w -> w.compareTo(weeks.get(weeks.size() - 1)) > 0);
        weekCells.put("Earlier", table.derived(Cells.REGISTRATIONS_EARLIER, earlier));
        weeks.forEach(w -> weekCells.put(w, Cells.week(w)));
        weekCells.put("Later", table.derived(Cells.REGISTRATIONS_LATER, later));
        table.line(List.copyOf(weekCells.values()), Cells.REGISTRATIONS_TOTAL);
        // Counts of people: the phases make the returnees' total, which the counties are then fitted to.
        table.lines.forEach(line -> derivations.add(new NoisyRelease.Derivation(line, true)));

        List<ReferralStatus> statuses = List.of(ReferralStatus.values());
        List<Line> referrals = new ArrayList<>();
        referrals.add(table.line(statuses.stream().map(Cells::status).toList(), Cells.REFERRALS_TOTAL));
        for (String agency : agencies) {
            Line byAgency = table.line(
                    statuses.stream().map(s -> Cells.agencyStatus(agency, s)).toList(), Cells.agencyTotal(agency));
            // Finest first: noise goes on each agency's statuses, and every other referral count is their sum.
            derivations.add(new NoisyRelease.Derivation(byAgency, false));
        }
        if (!agencies.isEmpty()) {
            for (ReferralStatus status : statuses) {
                referrals.add(table.line(
                        agencies.stream()
                                .map(a -> Cells.agencyStatus(a, status))
                                .toList(),
                        Cells.status(status)));
            }
            referrals.add(table.line(agencies.stream().map(Cells::agencyTotal).toList(), Cells.REFERRALS_TOTAL));
        }
        List<String> reasons =
                Arrays.stream(DeclineReason.values()).map(Enum::name).toList();
        referrals.add(
                table.line(reasons.stream().map(Cells::declined).toList(), Cells.status(ReferralStatus.DECLINED)));
        List<String> kinds = Arrays.stream(ServiceKind.values()).map(Enum::name).toList();
        referrals.add(table.line(kinds.stream().map(Cells::support).toList(), Cells.SUPPORT_TOTAL));
        List<String> formats =
                Arrays.stream(SessionFormat.values()).map(Enum::name).toList();
        referrals.add(table.line(formats.stream().map(Cells::mentorship).toList(), Cells.MENTORSHIP_TOTAL));
        referrals.stream()
                .filter(java.util.Objects::nonNull)
                .forEach(line -> derivations.add(new NoisyRelease.Derivation(line, false)));

        // The bases of the medians: released like counts, but not shown, so not suppressed.
        Map<String, Count> exact = new LinkedHashMap<>(table.counts);
        agencies.forEach(a -> exact.put(Cells.accepted(a), table.raw(Cells.accepted(a))));
        exact.put(Cells.ACCEPTED_ALL, table.raw(Cells.ACCEPTED_ALL));
        if (!agencies.isEmpty()) {
            derivations.add(new NoisyRelease.Derivation(
                    new Line(agencies.stream().map(Cells::accepted).toList(), Cells.ACCEPTED_ALL), false));
        }
        Map<String, Count> released = release.apply(exact, derivations, Set.of());
        Map<String, Count> counts = new LinkedHashMap<>();
        table.counts.keySet().forEach(cell -> counts.put(cell, released.get(cell)));
        Map<String, String> shown = suppression.apply(counts, table.lines);

        List<PublishedFigure> figures = new ArrayList<>();
        FigureCells byPhase = new FigureCells("returnees-by-phase", "Returnees by current DDRR phase", at, shown);
        phases.forEach(p -> byPhase.cell(Labels.humanise(p), Cells.phase(p)));
        figures.add(byPhase.total(Cells.RETURNEES_TOTAL).programme());

        FigureCells byCounty = new FigureCells("returnees-by-county", "Returnees by county of return", at, shown);
        counties.forEach(c -> byCounty.cell(c, Cells.county(c)));
        figures.add(byCounty.total(Cells.RETURNEES_TOTAL).programme());

        FigureCells byWeek =
                new FigureCells("registrations-by-week", "Registrations per week (ISO weeks, UTC)", at, shown);
        weekCells.forEach(byWeek::cell);
        figures.add(byWeek.total(Cells.REGISTRATIONS_TOTAL).programme());

        FigureCells byStatus = new FigureCells("referrals-by-status", "Referrals by status", at, shown);
        statuses.forEach(s -> byStatus.cell(s.label(), Cells.status(s)));
        figures.add(byStatus.total(Cells.REFERRALS_TOTAL).programme());

        FigureCells byAgency =
                new FigureCells("referrals-by-agency", "Referrals by receiving agency and status", at, shown);
        for (String agency : agencies) {
            statuses.forEach(s -> byAgency.cell(agency + " / " + s.label(), Cells.agencyStatus(agency, s)));
            byAgency.cell(agency + " / " + TOTAL, Cells.agencyTotal(agency));
        }
        figures.add(byAgency.programme());

        FigureCells declined =
                new FigureCells("referrals-declined-by-reason", "Declined referrals by reason", at, shown);
        reasons.forEach(r -> declined.cell(Labels.humanise(r), Cells.declined(r)));
        figures.add(declined.total(Cells.status(ReferralStatus.DECLINED)).programme());

        figures.add(medians(table, released, at));

        FigureCells support = new FigureCells("support-by-kind", "Support delivered, by kind", at, shown);
        kinds.forEach(k -> support.cell(Labels.humanise(k), Cells.support(k)));
        figures.add(support.total(Cells.SUPPORT_TOTAL).programme());

        FigureCells sessions =
                new FigureCells("mentorship-sessions-by-format", "Mentorship sessions held, by format", at, shown);
        formats.forEach(f -> sessions.cell(Labels.humanise(f), Cells.mentorship(f)));
        figures.add(sessions.total(Cells.MENTORSHIP_TOTAL).programme());

        figures.add(new PublishedFigure(
                new Figure("community-risk-by-area", "Latest community risk by area of return", at, risks(table)),
                Audience.PROGRAMME));
        return figures;
    }

    /**
     * The operations panel's quarantine figure: exact and live, for programme managers only. It counts records, not
     * people, and lists only the reasons that occur.
     */
    PublishedFigure operations(Map<String, Delta> cells, Instant now) {
        CellTable table = new CellTable(cells);
        List<String> quarantineReasons = table.present("quarantine|reason|");
        table.line(quarantineReasons.stream().map(Cells::quarantine).toList(), Cells.QUARANTINE_TOTAL);
        Map<String, String> shown = suppression.apply(table.counts, table.lines);
        FigureCells quarantine = new FigureCells("quarantine-by-reason", "Quarantined events by reason", now, shown);
        quarantineReasons.forEach(r -> quarantine.cell(Labels.humanise(r), Cells.quarantine(r)));
        return new PublishedFigure(quarantine.total(Cells.QUARANTINE_TOTAL).figure(), Audience.OPERATIONS);
    }

    /**
     * The median is a measure, not a count: it is shown when its noisy basis (accepted referrals, and the people
     * behind them) is large enough, and withheld otherwise, since the median of two referrals is nearly one referral's
     * own time. The value is chosen by the exponential mechanism among the half hours up to 30 days, each scored by
     * how evenly it splits the times, so that one referral more or less moves the odds of any answer by a bounded
     * factor; with no noise it is the exact median, to the half hour.
     */
    private PublishedFigure medians(CellTable table, Map<String, Count> released, Instant at) {
        List<Figure.Cell> cells = new ArrayList<>();
        Map<Long, Long> all = new TreeMap<>();
        for (String agency : agencies) {
            Map<Long, Long> minutes = new TreeMap<>();
            table.cells.forEach((cell, delta) -> {
                if (cell.startsWith(Cells.ACCEPTED_IN_PREFIX + agency + Cells.SEPARATOR) && delta.count() > 0) {
                    long bucket =
                            Long.parseLong(Cells.parts(cell, Cells.ACCEPTED_IN_PREFIX + agency + Cells.SEPARATOR)[0]);
                    minutes.merge(bucket, delta.count(), Long::sum);
                    all.merge(bucket, delta.count(), Long::sum);
                }
            });
            cells.add(new Figure.Cell(agency, median(released.get(Cells.accepted(agency)), minutes)));
        }
        cells.add(new Figure.Cell("All agencies", median(released.get(Cells.ACCEPTED_ALL), all)));
        return new PublishedFigure(
                new Figure(
                        "referral-acceptance-median-hours",
                        "Median time from referral to acceptance, by receiving agency",
                        at,
                        cells),
                Audience.PROGRAMME);
    }

    private String median(Count basis, Map<Long, Long> minutes) {
        if (!suppression.showable(basis.value(), basis.persons())) {
            return SmallCountSuppression.WITHHELD;
        }
        double[] utilities = new double[MEDIAN_CANDIDATES];
        for (int i = 0; i < MEDIAN_CANDIDATES; i++) {
            long candidate = (long) i * MEDIAN_STEP_MINUTES;
            long below = 0;
            long above = 0;
            for (Map.Entry<Long, Long> bucket : minutes.entrySet()) {
                if (bucket.getKey() < candidate) {
                    below += bucket.getValue();
                } else if (bucket.getKey() > candidate) {
                    above += bucket.getValue();
                }
            }
            utilities[i] = -Math.abs(below - above);
        }
        long chosen = (long) release.choose(utilities) * MEDIAN_STEP_MINUTES;
        return String.format(Locale.ROOT, "%.1f h", chosen / 60.0);
    }

    /** One cell per area, its latest level: an area is a community, never a person, so this is not a count. */
    private static List<Figure.Cell> risks(CellTable table) {
        List<Figure.Cell> cells = new ArrayList<>();
        for (String cell : table.present("risk|")) {
            String[] parts = cell.split("\\|", -1);
            cells.add(new Figure.Cell(parts[0] + " / " + parts[1], Labels.humanise(parts[2])));
        }
        return cells;
    }

    /** The ISO weeks shown, oldest first, ending with the current one. */
    private List<String> weeks(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> weeks = new ArrayList<>();
        for (int i = weeksShown - 1; i >= 0; i--) {
            weeks.add(Tally.isoWeek(today.minusWeeks(i)));
        }
        return weeks;
    }
}
