package org.ddrrbus.launcher.demo;

import java.time.Duration;
import org.ddrrbus.launcher.demo.ServiceClient.Response;

/**
 * The services' answers to the demo's requests: each counted as what it did, or kept as a problem to show at the end.
 * A request the exchange had not yet judged is waited for, as a caseworker refreshing the page would.
 */
final class Outcomes {

    private final Tally tally;

    Outcomes(Tally tally) {
        this.tally = tally;
    }

    Response expect(Response response, String counted) {
        if (response.status() == 202) {
            awaitDelivery(response);
        }
        if (response.ok()) {
            tally.count(counted);
        } else {
            unexpected(counted, response);
        }
        return response;
    }

    /**
     * A 202 means the event is safely on the ledger but the exchange had not answered within the service's wait; the
     * next step may depend on it (an answer needs the referral delivered), so wait for the verdict like a caseworker
     * refreshing the page would.
     */
    private void awaitDelivery(Response response) {
        String eventId = response.text("eventId");
        if (eventId == null) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ServiceClient sender = response.client();
        while (System.nanoTime() < deadline) {
            Response status = sender.get("/api/events/" + eventId);
            if (status.ok() && !"pending".equals(status.text("state"))) {
                return;
            }
            sleep(100);
        }
    }

    void unexpected(String what, Response response) {
        tally.problem(what + ": " + response.status() + " " + response.text("reason"));
    }

    /** Whether the path answers within 15 s: an event delivered to the agency's inbox shows there. */
    boolean arrived(ServiceClient agency, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (agency.get(path).ok()) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
