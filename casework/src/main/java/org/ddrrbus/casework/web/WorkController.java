package org.ddrrbus.casework.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.casework.casefile.CaseBook;
import org.ddrrbus.casework.casefile.CaseFile;
import org.ddrrbus.casework.referral.ReferralBook;
import org.ddrrbus.casework.referral.ReferralStatus;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.Codes;
import org.ddrrbus.casework.system.StaffPermissions;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.referral.ReferralDeadline;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.UriUtils;

/**
 * The staff's pages: the referral inbox with its filters, the case page of one person, and the forms of both. A form
 * is sent on to the REST API ({@link ApiForward}); when the API refuses it, the page is shown again with what the
 * person typed and the API's reason next to the field at fault; when it accepts, the page is shown afresh with what
 * the exchange did with it.
 */
@Controller
class WorkController {

    private final ReferralBook referrals;
    private final CaseBook cases;
    private final Agency agency;
    private final StaffPermissions staff;
    private final Forms forms;
    private final Views views;
    private final Labels labels;
    private final ApiForward api;

    WorkController(
            ReferralBook referrals,
            CaseBook cases,
            Agency agency,
            StaffPermissions staff,
            Forms forms,
            Views views,
            Labels labels,
            ApiForward api) {
        this.referrals = referrals;
        this.cases = cases;
        this.agency = agency;
        this.staff = staff;
        this.forms = forms;
        this.views = views;
        this.labels = labels;
        this.api = api;
    }

    @GetMapping(PageSecurity.SIGN_IN)
    ModelAndView signIn(
            @RequestParam(required = false) String error,
            @RequestParam(name = "signed-out", required = false) String signedOut,
            @RequestParam(required = false) String expired) {
        ModelAndView page = new ModelAndView("login");
        page.addObject("agency", views.agency(agency.id()));
        page.addObject("path", PageSecurity.SIGN_IN);
        String message = "locked".equals(error)
                ? "signin.locked"
                : error != null
                        ? "signin.wrong"
                        : expired != null ? "signin.expired" : signedOut != null ? "signin.signedOut" : null;
        page.addObject("message", message == null ? null : labels.word(message, message));
        return page;
    }

    @GetMapping("/")
    ModelAndView inbox(
            @RequestParam(required = false) String direction,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String overdue,
            HttpServletRequest request) {
        return inboxPage(direction, status, overdue != null, Optional.empty(), null, request);
    }

    @GetMapping(PageSecurity.CASES)
    ModelAndView lookup(@RequestParam(required = false) String subjectRef, HttpServletRequest request) {
        String ref = subjectRef == null ? "" : subjectRef.trim().toUpperCase(Locale.ROOT);
        if (ref.matches(Codes.SUBJECT_REF)) {
            return new ModelAndView("redirect:" + PageSecurity.CASES + "/" + ref);
        }
        ModelAndView page = inboxPage(null, null, false, Optional.empty(), null, request);
        page.addObject("lookup", subjectRef);
        page.addObject("lookupError", labels.word("problem.Pattern.subjectRef", Codes.SUBJECT_REF_MESSAGE));
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }

    @GetMapping(PageSecurity.CASES + "/{subjectRef}")
    ModelAndView casePage(@PathVariable String subjectRef, HttpServletRequest request) {
        return casePage(subjectRef, Optional.empty(), null, request);
    }

    @PostMapping(PageSecurity.FORMS + "{action}")
    ModelAndView act(@PathVariable String action, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Optional<Action> known = Action.byId(action);
        String page = request.getParameter("page");
        String subjectRef = page != null && page.matches(Codes.SUBJECT_REF) ? page : null;
        if (known.isEmpty()) {
            return back(subjectRef, Optional.empty(), "error.unknownAction", request);
        }
        Action chosen = known.get();
        String about = Optional.ofNullable(request.getParameter("about")).orElse("new");
        String key = Forms.key(chosen, about);
        Map<String, List<String>> typed = typed(chosen, request);
        Map<String, Object> body = new LinkedHashMap<>();
        String path = chosen.path();
        for (FieldSpec field : chosen.fields()) {
            List<String> values = typed.getOrDefault(field.name(), List.of());
            if (field.inPath()) {
                if (values.isEmpty()) {
                    return refused(
                            subjectRef,
                            new Forms.Submitted(
                                    key, typed, field.name(), labels.word("error.required", "must not be blank")),
                            HttpStatus.BAD_REQUEST,
                            request);
                }
                path = path.replace("{" + field.name() + "}", UriUtils.encodePathSegment(values.get(0), "UTF-8"));
            } else if (!values.isEmpty()) {
                body.put(field.name(), json(field, values));
            }
        }
        ApiForward.Answer answer = api.post(request, response, path, body);
        HttpSession session = request.getSession();
        String eventId = answer.text("eventId");
        if (eventId != null) {
            RecentActions.add(
                    session,
                    new RecentActions.Sent(chosen.id(), target(chosen, about, answer), eventId, Instant.now()));
        }
        if (answer.ok()) {
            String shown = chosen == Action.REGISTER || chosen == Action.BORDER_RETURN
                    ? answer.text("subjectRef")
                    : subjectRef;
            return new ModelAndView("redirect:" + (shown == null ? "/" : PageSecurity.CASES + "/" + shown) + "#recent");
        }
        String field = answer.text("field");
        // The API's refusal in the person's language; its English line only for a refusal no bundle words.
        String reason = answer.reason() != null ? labels.reason(answer.reason()) : answer.text("detail");
        return refused(
                subjectRef,
                new Forms.Submitted(
                        key,
                        typed,
                        field == null ? null : field.replaceAll("[\\[.].*$", ""),
                        reason == null || reason.isBlank()
                                ? labels.word("error.unknown", "the service could not do this")
                                : reason),
                Optional.ofNullable(HttpStatus.resolve(answer.status())).orElse(HttpStatus.BAD_REQUEST),
                request);
    }

    private static String target(Action action, String about, ApiForward.Answer answer) {
        String subject = answer.text("subjectRef");
        return about.equals("new") ? (subject == null ? "" : subject) : about;
    }

    private ModelAndView back(
            String subjectRef, Optional<Forms.Submitted> submitted, String error, HttpServletRequest request) {
        ModelAndView page = subjectRef == null
                ? inboxPage(null, null, false, submitted, error, request)
                : casePage(subjectRef, submitted, error, request);
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }

    private ModelAndView refused(
            String subjectRef, Forms.Submitted submitted, HttpStatus status, HttpServletRequest request) {
        ModelAndView page = subjectRef == null
                ? inboxPage(null, null, false, Optional.of(submitted), null, request)
                : casePage(subjectRef, Optional.of(submitted), null, request);
        page.setStatus(status);
        page.addObject("refusedForm", submitted.key());
        return page;
    }

    /** What the person typed into each field of the form, trimmed, blanks left out. */
    private static Map<String, List<String>> typed(Action action, HttpServletRequest request) {
        Map<String, List<String>> typed = new LinkedHashMap<>();
        for (FieldSpec field : action.fields()) {
            String[] values = request.getParameterValues(field.name());
            List<String> kept = values == null
                    ? List.of()
                    : Arrays.stream(values)
                            .map(String::strip)
                            .filter(v -> !v.isEmpty())
                            .toList();
            typed.put(
                    field.name(),
                    field.kind() == FieldSpec.Kind.MULTI
                            ? kept
                            : kept.stream().limit(1).toList());
        }
        return typed;
    }

    /** A value as the API's JSON has it: a list for a choice of several, a number for a number that is one. */
    private static Object json(FieldSpec field, List<String> values) {
        if (field.kind() == FieldSpec.Kind.MULTI) {
            return values;
        }
        String value = values.get(0);
        if (field.kind() == FieldSpec.Kind.NUMBER && value.matches("-?\\d{1,9}")) {
            return Integer.parseInt(value);
        }
        return value;
    }

    private ModelAndView inboxPage(
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

    private ModelAndView casePage(
            String subjectRef, Optional<Forms.Submitted> submitted, String error, HttpServletRequest request) {
        Optional<CaseFile> found = subjectRef.matches(Codes.SUBJECT_REF) ? cases.get(subjectRef) : Optional.empty();
        ModelAndView page = common("case", PageSecurity.CASES + "/" + subjectRef, request);
        page.addObject("subjectRef", subjectRef);
        if (found.isEmpty()) {
            page.setViewName("missing");
            page.setStatus(HttpStatus.NOT_FOUND);
            return page;
        }
        CaseFile file = found.get();
        page.addObject("county", file.county());
        page.addObject("phase", file.phase() == null ? "" : labels.word("enum.Phase." + file.phase(), file.phase()));
        page.addObject(
                "risk",
                file.riskLevel() == null ? "" : labels.word("enum.RiskLevel." + file.riskLevel(), file.riskLevel()));
        page.addObject(
                "consents",
                file.consents() == null
                        ? List.of()
                        : file.consents().stream().map(views::consent).toList());
        List<Views.ReferralCard> cards = file.referrals().stream()
                .sorted((a, b) -> b.issuedAt().compareTo(a.issuedAt()))
                .map(r -> new Views.ReferralCard(views.row(r), forms.forReferral(r, submitted)))
                .toList();
        page.addObject("referrals", cards);
        List<Views.TimelineRow> timeline = new java.util.ArrayList<>(
                file.timeline().stream().map(views::timeline).toList());
        java.util.Collections.reverse(timeline);
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
