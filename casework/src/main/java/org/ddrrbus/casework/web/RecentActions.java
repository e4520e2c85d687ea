package org.ddrrbus.casework.web;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The actions a person took in this session, newest first, so the page can say what the exchange did with each:
 * delivered, still pending, or refused with its reason. Kept in the session only: the bus itself keeps every event.
 */
final class RecentActions {

    /** One action sent to the bus: which, about what, as which event. */
    record Sent(String action, String about, String eventId, Instant at) implements Serializable {}

    static final int KEPT = 20;
    private static final String ATTRIBUTE = RecentActions.class.getName();

    private RecentActions() {}

    static void add(HttpSession session, Sent sent) {
        List<Sent> list = new ArrayList<>(of(session));
        list.add(0, sent);
        session.setAttribute(ATTRIBUTE, new ArrayList<>(list.subList(0, Math.min(KEPT, list.size()))));
    }

    @SuppressWarnings("unchecked")
    static List<Sent> of(HttpSession session) {
        Object kept = session == null ? null : session.getAttribute(ATTRIBUTE);
        return kept instanceof List<?> list ? (List<Sent>) list : List.of();
    }
}
