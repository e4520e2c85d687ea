package org.ddrrbus.dashboard.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.ddrrbus.dashboard.system.DashboardProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

/**
 * The two HTML pages. They are plain files with a few placeholders filled in here (escaped): the CSRF token of the
 * forms, who is signed in, and, for managers only, the operations panel, which a donor's page does not contain at all.
 */
@Controller
class PageController {

    private static final String OPERATIONS_START = "<!--operations-->";
    private static final String OPERATIONS_END = "<!--/operations-->";

    private final String index = read("ddrr-dashboard/pages/index.html");
    private final String login = read("ddrr-dashboard/pages/login.html");
    private final DashboardProperties properties;

    PageController(DashboardProperties properties) {
        this.properties = properties;
    }

    @GetMapping(path = "/", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String index(Authentication authentication, CsrfToken csrf) {
        FiguresController.Me me = FiguresController.Me.of(authentication);
        String page = me.manager() ? index : withoutOperations(index);
        return fill(
                page,
                Map.of(
                        "csrfParameter", csrf.getParameterName(),
                        "csrfToken", csrf.getToken(),
                        "user", me.name(),
                        "role", me.role(),
                        "small", "<" + properties.suppressBelow()));
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    String login(
            CsrfToken csrf,
            @RequestParam(required = false) String error,
            @RequestParam(name = "signed-out", required = false) String signedOut) {
        String message = "locked".equals(error)
                ? "Too many wrong passwords: this account is locked for a while. Try again later."
                : error != null ? "Wrong name or password." : signedOut != null ? "You are signed out." : "";
        return fill(
                login,
                Map.of(
                        "csrfParameter",
                        csrf.getParameterName(),
                        "csrfToken",
                        csrf.getToken(),
                        "message",
                        message,
                        "messageHidden",
                        message.isEmpty() ? "hidden" : ""));
    }

    private static String withoutOperations(String page) {
        int start = page.indexOf(OPERATIONS_START);
        int end = page.indexOf(OPERATIONS_END);
        return start < 0 || end < start
                ? page
                : page.substring(0, start) + page.substring(end + OPERATIONS_END.length());
    }

    private static String fill(String template, Map<String, String> values) {
        String page = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            page = page.replace("{{" + value.getKey() + "}}", HtmlUtils.htmlEscape(value.getValue(), "UTF-8"));
        }
        return page;
    }

    private static String read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("page template missing: " + path, e);
        }
    }
}
