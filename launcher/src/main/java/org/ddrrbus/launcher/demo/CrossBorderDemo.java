package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.ddrrbus.federation.story.CrossBorderStory;
import org.ddrrbus.launcher.federation.LocalBus;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.StaffAccounts;
import org.ddrrbus.launcher.system.Workspace;

/**
 * {@code ./ddrr demo --federation}: the cross-border story between two buses of this machine linked by {@code ./ddrr
 * federate}, the same {@link CrossBorderStory} its test plays; then the receiving bus's partner services are asked,
 * as their caseworkers would, whether they took what crossed: NCTC's case file of the person and IOM's referral.
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
            CrossBorderStory.Outcome story = new CrossBorderStory(from.side(), to.side(), wait, out).play();
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
                    "nctc registered " + story.subjectRef() + " from the border return");
            failures += check(
                    out,
                    "iom",
                    "iom-caseworker",
                    "/api/referrals/" + story.referralId(),
                    "iom holds the referral " + story.referralId() + " from bus " + leaving);
            out.println();
            out.println("Trace the person on both buses as the auditor: ./ddrr audit trace " + story.subjectRef()
                    + " --purpose oversight --data-dir " + receivingData + " --with-bus "
                    + leavingData + " --format table");
            out.flush();
            return failures;
        }
    }

    private int check(PrintWriter out, String service, String account, String path, String what) {
        NodeHome home = new NodeHome(new Workspace(receivingData).home(service));
        StaffAccounts.Account staff = home.staff(service, service).get(account);
        ServiceClient client = new ServiceClient(receivingUrls.apply(service), staff.name(), staff.password());
        long deadline = System.nanoTime() + wait.toNanos();
        ServiceClient.Response response = client.get(path);
        // The service reads its inbox on its own; give it the time the bus gives every hop.
        while (!response.ok() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
            response = client.get(path);
        }
        out.println("  " + (response.ok() ? "yes: " : "NO (" + response.status() + "): ") + what);
        return response.ok() ? 0 : 1;
    }
}
