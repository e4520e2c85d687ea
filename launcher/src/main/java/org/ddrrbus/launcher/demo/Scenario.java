package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.ddrrbus.client.agreement.Places;
import org.ddrrbus.launcher.demo.ServiceClient.Response;
import org.ddrrbus.launcher.system.StaffAccounts;

/**
 * A programme year in a few minutes, played through the services exactly as caseworkers would use them: the centre
 * registers returnees and records their consent, refers them on; the reintegration programme, the interfaith council
 * and the county answer, deliver and report back; the centre moves people through the phases.
 */
final class Scenario {

    private record Person(String subjectRef, String county, String consentRef, List<String> purposes) {}

    /** A referral the centre issued, for its recipient to answer. */
    record Issued(String referralId, String subjectRef, String to) {}

    private final StaffAccounts staff;
    private final Places places;
    private final List<String> counties;
    private final Function<String, String> urls;
    private final long seed;
    private final int threads;
    private final PrintWriter out;
    private final Tally tally = new Tally();
    private final Outcomes outcomes = new Outcomes(tally);
    private final ReferralAnswers answers = new ReferralAnswers(this::as, outcomes, tally);

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
        this.places = places;
        List<String> weighted = Population.COUNTIES.stream()
                .filter(c -> !places.areasOf(c).isEmpty())
                .toList();
        this.counties = weighted.isEmpty() ? List.copyOf(places.areas().keySet()) : weighted;
        if (counties.isEmpty()) {
            throw new IllegalStateException(
                    "the sharing agreement lists no areas (places.areas), so no returnee can be registered");
        }
        this.urls = urls;
        this.seed = seed;
        this.threads = threads;
        this.out = out;
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
        List<Person> people = inParallel(returnees, i -> register(nctc, supervisor, new Random(seed * 31 + i)));
        List<Issued> referrals = new ArrayList<>();
        List<List<Issued>> perPerson =
                inParallel(people.size(), i -> refer(nctc, people.get(i), new Random(seed * 37 + i)));
        perPerson.forEach(referrals::addAll);
        progress();

        out.println("Answering " + referrals.size() + " referrals at iom, cicc and the county ...");
        inParallel(referrals.size(), i -> answers.answer(referrals.get(i), new Random(seed * 41 + i)));
        progress();

        out.println("Moving people through the DDRR phases ...");
        inParallel(people.size(), i -> movePhases(supervisor, people.get(i), new Random(seed * 43 + i)));

        out.println("Assessing communities, recording border returns and consent withdrawals ...");
        communities(supervisor, as("county-supervisor"), new Random(seed * 47));
        borderReturns(as("iom-caseworker"), new Random(seed * 53));
        withdrawals(nctc, people, new Random(seed * 59));
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

    private Person register(ServiceClient nctc, ServiceClient supervisor, Random random) {
        String county = Population.pick(random, counties);
        Response registered = outcomes.expect(
                nctc.post(
                        "/api/returnees",
                        Map.of(
                                "county", county,
                                "areaOfReturn", Population.pick(random, places.areasOf(county)),
                                "ageBand", Population.pick(random, Population.AGE_BANDS),
                                "gender", random.nextInt(100) < 22 ? "FEMALE" : "MALE",
                                "returnRoute", Population.pick(random, Population.ROUTES),
                                "registeredOn",
                                        LocalDate.now()
                                                .minusDays(random.nextInt(300))
                                                .toString())),
                "registered");
        String subjectRef = registered.text("reference");
        if (subjectRef == null) {
            return new Person(null, county, null, List.of());
        }
        String consentRef = null;
        List<String> purposes = List.of();
        if (random.nextInt(100) < 88) {
            purposes = random.nextBoolean()
                    ? List.of("reintegration-support", "mentorship", "community-services")
                    : List.of("reintegration-support", "mentorship");
            consentRef = outcomes.expect(
                            nctc.post("/api/consents", Map.of("subjectRef", subjectRef, "purposes", purposes)),
                            "consents")
                    .text("reference");
        }
        if (random.nextInt(100) < 70) {
            outcomes.expect(
                    supervisor.post(
                            "/api/returnees/" + subjectRef + "/risk",
                            Map.of(
                                    "level", Population.pick(random, List.of("LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                    "factors",
                                            List.of(Population.pick(
                                                    random,
                                                    List.of(
                                                            "FAMILY_SUPPORT",
                                                            "LIVELIHOOD",
                                                            "NETWORK_CONTACT",
                                                            "MENTAL_HEALTH"))),
                                    "nextReviewOn", LocalDate.now().plusDays(90).toString())),
                    "risk assessments");
        }
        return new Person(subjectRef, county, consentRef, purposes);
    }

    private List<Issued> refer(ServiceClient nctc, Person person, Random random) {
        List<Issued> issued = new ArrayList<>();
        if (person.subjectRef() == null) {
            return issued;
        }
        if (person.consentRef() == null) {
            // Without consent the exchange refuses the referral, and the caseworker is told why at once.
            if (random.nextInt(100) < 50) {
                Response refused = nctc.post(
                        "/api/referrals",
                        referral(
                                person,
                                "iom",
                                "reintegration-support",
                                "CONSENT-MISSING",
                                List.of("LIVELIHOOD"),
                                random));
                if (refused.status() == 403) {
                    tally.count("referrals refused by the exchange");
                } else {
                    outcomes.unexpected("referral without consent", refused);
                }
            }
            return issued;
        }
        List<String> iomServices = random.nextBoolean() ? List.of("LIVELIHOOD") : List.of("LIVELIHOOD", "PSYCHOSOCIAL");
        if (random.nextInt(100) < 20) {
            iomServices = List.of("VOCATIONAL_TRAINING", "EDUCATION");
        }
        issue(nctc, person, "iom", "reintegration-support", iomServices, random).ifPresent(issued::add);
        if (random.nextInt(100) < 75) {
            issue(
                            nctc,
                            person,
                            "cicc",
                            "mentorship",
                            random.nextBoolean() ? List.of("MENTORSHIP") : List.of("MENTORSHIP", "FAMILY_MENTORSHIP"),
                            random)
                    .ifPresent(issued::add);
        }
        if (person.purposes().contains("community-services") && random.nextInt(100) < 40) {
            issue(nctc, person, "county", "community-services", List.of("SOCIAL_PROTECTION"), random)
                    .ifPresent(issued::add);
        }
        return issued;
    }

    private java.util.Optional<Issued> issue(
            ServiceClient nctc, Person person, String to, String purpose, List<String> services, Random random) {
        Response response = outcomes.expect(
                nctc.post("/api/referrals", referral(person, to, purpose, person.consentRef(), services, random)),
                "referrals issued");
        String referralId = response.text("reference");
        return referralId == null
                ? java.util.Optional.empty()
                : java.util.Optional.of(new Issued(referralId, person.subjectRef(), to));
    }

    private static Map<String, Object> referral(
            Person person, String to, String purpose, String consentRef, List<String> services, Random random) {
        return Map.of(
                "subjectRef",
                person.subjectRef(),
                "toAgency",
                to,
                "county",
                person.county(),
                "services",
                services,
                "priority",
                Population.pick(random, Population.PRIORITIES),
                "purpose",
                purpose,
                "consentRef",
                consentRef);
    }

    private Void movePhases(ServiceClient supervisor, Person person, Random random) {
        if (person.subjectRef() == null) {
            return null;
        }
        List<String> phases = List.of("DERADICALISATION", "REHABILITATION", "REINTEGRATION");
        int steps = random.nextInt(100) < 30 ? 0 : 1 + random.nextInt(3);
        List<String> reasons = List.of("ASSESSMENT_COMPLETED", "PROGRAMME_MILESTONE", "CASE_CONFERENCE_DECISION");
        for (int i = 0; i < steps; i++) {
            outcomes.expect(
                    supervisor.post(
                            "/api/returnees/" + person.subjectRef() + "/phase",
                            Map.of("toPhase", phases.get(i), "reason", Population.pick(random, reasons))),
                    "phase changes");
        }
        return null;
    }

    private void communities(ServiceClient nctc, ServiceClient county, Random random) {
        for (String countyName : places.areas().keySet().stream().sorted().toList()) {
            for (String area : places.areasOf(countyName)) {
                if (random.nextInt(100) < 60) {
                    ServiceClient who = random.nextBoolean() ? nctc : county;
                    outcomes.expect(
                            who.post(
                                    "/api/community-risk",
                                    Map.of(
                                            "county",
                                            countyName,
                                            "area",
                                            area,
                                            "level",
                                            Population.pick(random, List.of("LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                            "factors",
                                            List.of(Population.pick(
                                                    random,
                                                    List.of(
                                                            "RECRUITMENT_ACTIVITY",
                                                            "STIGMA_TOWARDS_RETURNEES",
                                                            "SERVICE_GAPS",
                                                            "YOUTH_UNEMPLOYMENT"))))),
                            "community risk assessments");
                }
            }
        }
    }

    private void borderReturns(ServiceClient iom, Random random) {
        for (int i = 0; i < 15; i++) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of(
                    "county",
                    Population.pick(random, List.of("Mandera", "Wajir", "Garissa", "Lamu")),
                    "returnedFrom",
                    "SO"));
            if (!places.borderPoints().isEmpty()) {
                body.put("borderPoint", Population.pick(random, places.borderPoints()));
            }
            outcomes.expect(iom.post("/api/border-returns", body), "border returns");
        }
    }

    private void withdrawals(ServiceClient nctc, List<Person> people, Random random) {
        List<Person> consented =
                people.stream().filter(p -> p.consentRef() != null).toList();
        for (int i = 0; i < Math.min(3, consented.size()); i++) {
            Person person = consented.get(random.nextInt(consented.size()));
            Response withdrawn = nctc.post(
                    "/api/consents/" + person.consentRef() + "/withdraw",
                    Map.of("subjectRef", person.subjectRef(), "purposes", List.of("mentorship")));
            if (withdrawn.ok()) {
                tally.count("consents withdrawn");
            }
        }
    }

    private <T> List<T> inParallel(int count, java.util.function.IntFunction<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.apply(index)));
            }
            List<T> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(futures.get(i).get());
                if ((i + 1) % 50 == 0) {
                    out.println("  " + (i + 1) + " / " + count);
                    out.flush();
                }
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
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
