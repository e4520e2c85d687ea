package org.ddrrbus.casework.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ddrrbus.casework.casefile.CaseBook;
import org.ddrrbus.casework.casefile.CaseFile;
import org.ddrrbus.casework.referral.ReferralBook;
import org.ddrrbus.casework.referral.ReferralStatus;
import org.ddrrbus.casework.subjects.Registrations;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * The two pages the staff work on, filled from the books: the referral inbox with its filters, and the case page of one
 * person; each with its forms (and what was typed into one the API refused) and the person's recent actions.
 */
@Component
class WorkPages {

    private final ReferralBook referrals;
    private final CaseBook cases;
    private final Agency agency;
    private final StaffPermissions staff;
    private final Forms forms;
    private final Views views;
    private final Labels labels;
    private final Registrations registrations;

    WorkPages(
            ReferralBook referrals,
            CaseBook cases,
            Agency agency,
            StaffPermissions staff,
            Forms forms,
            Views views,
            Labels labels,
            Registrations registrations) {
        this.referrals = referrals;
        this.cases = cases;
        this.agency = agency;
        this.staff = staff;
        this.forms = forms;
        this.views = views;
        this.labels = labels;
        this.registrations = registrations;
    }

    ModelAndView inbox(
            String direction,
            String status,
            boolean overdueOnly,
            Optional<Forms.Submitted> submitted,
            String error,
            HttpServletRequest request) {
        ModelAndView page = common("inbox", "/", request);
        String dir = "incoming".equals(direction) || "outgoing".equals(direction) ? direction : "";
        String state = status != null
                        && (status.equals("open")
                                || Arrays.stream(ReferralStatus.values())
                                        .anyMatch(s -> s.name().equalsIgnoreCase(status)))
                ? status.toLowerCase(Locale.ROOT)
                : "";
        ReferralDeadline deadline = ReferralDeadline.systemUtc();
        List<Views.ReferralRow> rows = referrals.all().stream()
                .filter(r -> dir.isEmpty()
                        || (dir.equals("incoming")
                                ? r.to().equals(agency.id())
                                : r.from().equals(agency.id())))
                .filter(r -> state.isEmpty()
                        || (state.equals("open")
                                ? r.status().isOpen()
                                : r.status().name().equalsIgnoreCase(state)))
                .filter(r -> !overdueOnly || r.overdue(deadline))
                .sorted((a, b) -> b.issuedAt().compareTo(a.issuedAt()))
                .map(views::row)
                .toList();
        page.addObject("direction", dir);
        page.addObject("status", state);
        page.addObject("overdue", overdueOnly);
        page.addObject(
                "statuses",
                Arrays.stream(ReferralStatus.values())
                        .map(s -> new FormView.Option(
                                s.name().toLowerCase(Locale.ROOT),
                                labels.word("status." + s.name(), s.name()),
                                s.name().equalsIgnoreCase(state),
                                "status-" + s.name().toLowerCase(Locale.ROOT)))
                        .toList());
        page.addObject("rows", rows);
        page.addObject("forms", forms.forInbox(submitted));
        page.addObject("refusals", views.refusals());
        page.addObject("error", error == null ? null : labels.word(error, error));
        return page;
    }

    ModelAndView casePage(
            String subjectRef, Optional<Forms.Submitted> submitted, String error, HttpServletRequest request) {
        Optional<CaseFile> found = subjectRef.matches(Codes.SUBJECT_REF) ? cases.get(subjectRef) : Optional.empty();
        ModelAndView page = common("case", PageSecurity.CASES + "/" + subjectRef, request);
        page.addObject("subjectRef", subjectRef);
        if (found.isEmpty()) {
            page.setViewName("missing");
            // Just registered here: the case shows once the bus has brought the registration back, seconds later.
            boolean arriving = RecentActions.of(request.getSession(false)).stream()
                    .anyMatch(sent -> sent.about().equals(subjectRef));
            page.addObject("arriving", arriving);
            // An erased person is said to be erased, in the words the API answers a read or a write about them.
            page.addObject(
                    "missing",
                    registrations.erased(subjectRef)
                            ? labels.word("problem.subject.erased", "erased", subjectRef)
                            : labels.word("case.missing", "not known", subjectRef));
            page.setStatus(arriving ? HttpStatus.OK : HttpStatus.NOT_FOUND);
            return page;
        }
        CaseFile file = found.get();
        // What this agency has no record of (a phase it is not shared, no risk assessed yet) is said, not left blank.
        String none = labels.word("case.none", "none recorded here");
        page.addObject("county", file.county() == null ? none : file.county());
        page.addObject("phase", file.phase() == null ? none : labels.word("enum.Phase." + file.phase(), file.phase()));
        page.addObject(
                "risk",
                file.riskLevel() == null ? none : labels.word("enum.RiskLevel." + file.riskLevel(), file.riskLevel()));
        page.addObject(
                "consents",
                file.consents() == null || file.consents().isEmpty()
                        ? List.of(none)
                        : file.consents().stream().map(views::consent).toList());
        List<Views.ReferralCard> cards = file.referrals().stream()
                .sorted((a, b) -> b.issuedAt().compareTo(a.issuedAt()))
                .map(r -> new Views.ReferralCard(views.row(r), forms.forReferral(r, submitted)))
                .toList();
        page.addObject("referrals", cards);
        List<Views.TimelineRow> timeline =
                new ArrayList<>(file.timeline().stream().map(views::timeline).toList());
        Collections.reverse(timeline);
        page.addObject("timeline", timeline);
        page.addObject("forms", forms.forCase(subjectRef, file.county(), latestConsent(file), submitted));
        page.addObject("error", error == null ? null : labels.word(error, error));
        return page;
    }

    /** The reference of the person's latest consent not withdrawn ("CONSENT-...: purposes" in the case file). */
    private static Optional<String> latestConsent(CaseFile file) {
        List<String> consents = file.consents() == null ? List.of() : file.consents();
        for (int i = consents.size() - 1; i >= 0; i--) {
            String consent = consents.get(i);
            if (!consent.contains("(withdrawn") && consent.contains(":")) {
                return Optional.of(consent.substring(0, consent.indexOf(':')).strip());
            }
        }
        return Optional.empty();
    }

    private ModelAndView common(String view, String path, HttpServletRequest request) {
        ModelAndView page = new ModelAndView(view);
        StaffRole role = StaffPermissions.currentRole();
        page.addObject("agency", views.agency(agency.id()));
        page.addObject("agencyId", agency.id());
        page.addObject("user", staff.currentUser());
        page.addObject("role", labels.word("role." + role.name(), role.name()));
        page.addObject("mayAct", role != StaffRole.VIEWER);
        page.addObject("path", path);
        page.addObject(
                "recent",
                RecentActions.of(request.getSession(false)).stream()
                        .map(views::outcome)
                        .toList());
        return page;
    }
}
