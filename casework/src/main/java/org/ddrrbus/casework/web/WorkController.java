package org.ddrrbus.casework.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.casework.system.Agency;
import org.ddrrbus.casework.system.Codes;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * The staff's pages: the referral inbox with its filters, the case page of one person, and the forms of both (each
 * page filled by {@link WorkPages}). A form is sent on to the REST API ({@link ApiForward}); when the API refuses it, the page is shown again with what the
 * person typed and the API's reason next to the field at fault; when it accepts, the page is shown afresh with what
 * the exchange did with it.
 */
@Controller
class WorkController {

    private final Agency agency;
    private final Views views;
    private final Labels labels;
    private final ApiForward api;
    private final WorkPages pages;

    WorkController(Agency agency, Views views, Labels labels, ApiForward api, WorkPages pages) {
        this.agency = agency;
        this.views = views;
        this.labels = labels;
        this.api = api;
        this.pages = pages;
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
        return pages.inbox(direction, status, overdue != null, Optional.empty(), null, request);
    }

    @GetMapping(PageSecurity.CASES)
    ModelAndView lookup(@RequestParam(required = false) String subjectRef, HttpServletRequest request) {
        String ref = subjectRef == null ? "" : subjectRef.trim().toUpperCase(Locale.ROOT);
        if (ref.matches(Codes.SUBJECT_REF)) {
            return new ModelAndView("redirect:" + PageSecurity.CASES + "/" + ref);
        }
        ModelAndView page = pages.inbox(null, null, false, Optional.empty(), null, request);
        page.addObject("lookup", subjectRef);
        page.addObject("lookupError", labels.word("problem.Pattern.subjectRef", Codes.SUBJECT_REF_MESSAGE));
        page.setStatus(HttpStatus.BAD_REQUEST);
        return page;
    }

    @GetMapping(PageSecurity.CASES + "/{subjectRef}")
    ModelAndView casePage(@PathVariable String subjectRef, HttpServletRequest request) {
        return pages.casePage(subjectRef, Optional.empty(), null, request);
    }

    /**
     * A form's address opened as a page (the browser's address bar after a refused form, reloaded or bookmarked): the
     * work page, rather than a refusal of the method.
     */
    @GetMapping(PageSecurity.FORMS + "{action}")
    ModelAndView formAddress(@PathVariable String action) {
        return new ModelAndView("redirect:/");
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
        FormPost form = FormPost.of(chosen, request);
        Map<String, List<String>> typed = form.typed();
        if (form.blankPathField().isPresent()) {
            return refused(
                    subjectRef,
                    new Forms.Submitted(
                            key,
                            typed,
                            form.blankPathField().get(),
                            labels.word("error.required", "must not be blank")),
                    HttpStatus.BAD_REQUEST,
                    request);
        }
        ApiForward.Answer answer = api.post(request, response, form.path(), form.body());
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
                ? pages.inbox(null, null, false, submitted, error, request)
                : pages.casePage(subjectRef, submitted, error, request);
        page.setStatus(HttpStatus.NOT_FOUND);
        return page;
    }

    private ModelAndView refused(
            String subjectRef, Forms.Submitted submitted, HttpStatus status, HttpServletRequest request) {
        ModelAndView page = subjectRef == null
                ? pages.inbox(null, null, false, Optional.of(submitted), null, request)
                : pages.casePage(subjectRef, Optional.of(submitted), null, request);
        page.setStatus(status);
        page.addObject("refusedForm", submitted.key());
        return page;
    }
}
