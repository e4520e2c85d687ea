package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.launcher.demo.Registrations.Person;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import org.ddrrbus.launcher.system.StaffAccounts;

/**
 * A programme year in a few minutes, played through the services exactly as caseworkers would use them: the centre
 * registers returnees and records their consent, refers them on; the reintegration programme, the interfaith council
 * and the county answer, deliver and report back; the centre moves people through the phases.
 */
final class Scenario {

    /** A referral the centre issued, for its recipient to answer. */
    record Issued(String referralId, String subjectRef, String to) {}

    private final StaffAccounts staff;
    private final Function<String, String> urls;
    private final long seed;
    private final PrintWriter out;
    private final Tally tally = new Tally();
    private final Outcomes outcomes = new Outcomes(tally);
    private final ReferralAnswers answers = new ReferralAnswers(this::as, outcomes, tally);
    private final Referrals referring = new Referrals(outcomes, tally);
    private final Registrations registrations;
    private final CaseActivity activity;
    private final InParallel parallel;

    /**
     * @param places the places of the running bus's agreement: the demo names only listed ones, as a caseworker must
     */
    Scenario(
            StaffAccounts staff,
            Places places,
            Function<String, String> urls,
            long seed,
            int threads,
            PrintWriter out) {
        this.staff = staff;
        List<String> weighted = Population.COUNTIES.stream()
                .filter(c -> !places.areasOf(c).isEmpty())
                .toList();
        List<String> counties = weighted.isEmpty() ? List.copyOf(places.areas().keySet()) : weighted;
        if (counties.isEmpty()) {
            throw new IllegalStateException(
                    "the sharing agreement lists no areas (places.areas), so no returnee can be registered");
        }
        this.urls = urls;
        this.seed = seed;
        this.out = out;
        this.registrations = new Registrations(places, counties, outcomes);
        this.activity = new CaseActivity(places, outcomes, tally);
        this.parallel = new InParallel(threads, out);
    }

    private ServiceClient as(String account) {
        StaffAccounts.Account a = staff.get(account);
        return new ServiceClient(urls.apply(a.service()), a.name(), a.password());
    }

    Tally play(int returnees) {
        ServiceClient nctc = as("nctc-caseworker");
        ServiceClient supervisor = as("nctc-supervisor");
        requireUp(nctc);

        out.println("Registering " + returnees + " returnees, recording consent, assessing risk and referring ...");
        List<Person> people =
                parallel.run(returnees, i -> registrations.register(nctc, supervisor, new Random(seed * 31 + i)));
        List<Issued> referrals = new ArrayList<>();
        List<List<Issued>> perPerson =
                parallel.run(people.size(), i -> referring.refer(nctc, people.get(i), new Random(seed * 37 + i)));
        perPerson.forEach(referrals::addAll);
        progress();

        out.println("Answering " + referrals.size() + " referrals at iom, cicc and the county ...");
        parallel.run(referrals.size(), i -> answers.answer(referrals.get(i), new Random(seed * 41 + i)));
        progress();

        out.println("Moving people through the DDRR phases ...");
        parallel.run(people.size(), i -> activity.movePhases(supervisor, people.get(i), new Random(seed * 43 + i)));

        out.println("Assessing communities, recording border returns and consent withdrawals ...");
        activity.communities(supervisor, as("county-supervisor"), new Random(seed * 47));
        activity.borderReturns(as("iom-caseworker"), new Random(seed * 53));
        activity.withdrawals(nctc, people, new Random(seed * 59));
        progress();
        return tally;
    }

    private void requireUp(ServiceClient nctc) {
        Response status = nctc.get("/api/status");
        if (status.status() == 401) {
            throw new IllegalStateException(
                    "the services refused the demo accounts: was ./ddrr up started with this data directory?");
        }
        if (!status.ok()) {
            throw new IllegalStateException("the nctc service answered " + status.status() + " to /api/status");
        }
    }

    private void progress() {
        out.printf(
                "  so far: %d registered, %d referrals, %d accepted, %d declined, %d completed%n",
                tally.get("registered"),
                tally.get("referrals issued"),
                tally.get("accepted"),
                tally.get("declined"),
                tally.get("completed"));
        out.flush();
    }
}
