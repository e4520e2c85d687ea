package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.federation.story.CrossBorderStory;
import org.ddrrbus.launcher.federation.LocalBus;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;

/**
 * {@code ./ddrr demo --federation}: the cross-border story between two buses of this machine linked by {@code ./ddrr
 * federate}, the same {@link CrossBorderStory} its test plays, where the receiving bus's IOM caseworker answers the
 * referral on IOM's partner service (its REST API); then the receiving bus's partner services are asked, as their
 * caseworkers would, whether they took what crossed: NCTC's case file of the person and IOM's referral.
 */
final class CrossBorderDemo {

    private final Path receivingData;
    private final Path leavingData;
    private final String receiving;
    private final String leaving;
    private final Function<String, String> receivingUrls;
    private final Duration wait;

    /**
     * @param receivingUrls the base URL of each partner service of the receiving bus, by service name
     */
    CrossBorderDemo(
            String receiving,
            Path receivingData,
            String leaving,
            Path leavingData,
            Function<String, String> receivingUrls,
            Duration wait) {
        this.receiving = receiving;
        this.receivingData = receivingData;
        this.leaving = leaving;
        this.leavingData = leavingData;
        this.receivingUrls = receivingUrls;
        this.wait = wait;
    }

    /** Plays the story; the number of checks that failed. */
    int play(PrintWriter out) {
        try (LocalBus to = LocalBus.open(receiving, receivingData);
                LocalBus from = LocalBus.open(leaving, leavingData)) {
            CrossBorderStory.Outcome story =
                    new CrossBorderStory(from.side(), answeringOnServices(to.side()), wait, out).play();
            out.println("Bus " + receiving + ": what its partner services took (they check it with their own bus's keys"
                    + " only):");
            int failures = 0;
            // Only what the home exchange accepted leaves a bus: an answer it refused did not complete the story.
            story.refusedAtHome()
                    .forEach((id, reason) -> out.println("  no: bus " + receiving + "'s exchange refused answer " + id
                            + " (" + reason + "), so it did not cross"));
            failures += story.refusedAtHome().size();
            failures += check(
                    out,
                    "nctc",
                    "nctc-caseworker",
                    "/api/cases/" + story.subjectRef(),
                    "nctc registered " + story.subjectRef() + " from the border return",
                    ServiceClient.Response::ok);
            failures += check(
                    out,
                    "iom",
                    "iom-caseworker",
                    "/api/referrals/" + story.referralId(),
                    "iom holds the referral " + story.referralId() + " from iom (" + leaving + "), completed",
                    // Kept under its real referrer, the agency of the other bus, and moved by iom's own answers.
                    r -> r.ok()
                            && "iom".equals(r.text("from"))
                            && leaving.equals(r.text("fromBus"))
                            && "completed".equalsIgnoreCase(r.text("status")));
            out.println();
            out.println("Trace the person on both buses as the auditor: ./ddrr audit trace " + story.subjectRef()
                    + " --purpose oversight --data-dir " + receivingData + " --with-bus "
                    + leavingData + " --format table");
            out.flush();
            return failures;
        }
    }

    /** The receiving bus, whose agencies answer a referral as their caseworkers, on their partner services. */
    private CrossBorderStory.Side answeringOnServices(CrossBorderStory.Side side) {
        return new CrossBorderStory.Side() {
            @Override
            public String country() {
                return side.country();
            }

            @Override
            public String publish(String agency, SpecificRecord event) {
                return side.publish(agency, event);
            }

            @Override
            public List<ConsumerRecord<String, byte[]>> read(String topic) {
                return side.read(topic);
            }

            @Override
            public CrossBorderStory.Answered answer(String agency, String referralId, String action, String body) {
                ServiceClient.Response response = caseworker(agency, agency + "-caseworker")
                        .postRaw("/api/referrals/" + referralId + "/" + action, body);
                return new CrossBorderStory.Answered(
                        response.status(), response.text("eventId"), String.valueOf(response.body()));
            }
        };
    }

    private ServiceClient caseworker(String service, String account) {
        NodeHome home = new NodeHome(new Workspace(receivingData).home(service));
        StaffAccounts.Account staff = home.staff(service, service).get(account);
        return new ServiceClient(receivingUrls.apply(service), staff.name(), staff.password());
    }

    private int check(
            PrintWriter out,
            String service,
            String account,
            String path,
            String what,
            Predicate<ServiceClient.Response> holds) {
        ServiceClient client = caseworker(service, account);
        long deadline = System.nanoTime() + wait.toNanos();
        ServiceClient.Response response = client.get(path);
        // The service reads its inbox on its own; give it the time the bus gives every hop.
        while (!holds.test(response) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            response = client.get(path);
        }
        boolean held = holds.test(response);
        out.println("  " + (held ? "yes: " : "NO (" + response.status() + " " + response.body() + "): ") + what);
        return held ? 0 : 1;
    }
}
