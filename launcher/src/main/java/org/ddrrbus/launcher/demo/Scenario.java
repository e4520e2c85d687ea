package org.ddrrbus.launcher.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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

    /** Where people return to, weighted as in the programme; only those with areas listed in the agreement are used. */
    private static final List<String> COUNTIES = List.of(
            "Mombasa",
            "Mombasa",
            "Kwale",
            "Kwale",
            "Kilifi",
            "Kilifi",
            "Lamu",
            "Garissa",
            "Garissa",
            "Tana River",
            "Nairobi",
            "Nairobi",
            "Mandera",
            "Wajir",
            "Isiolo");

    private static final List<String> AGE_BANDS = List.of(
            "UNDER_18", "AGE_18_24", "AGE_18_24", "AGE_18_24", "AGE_25_34", "AGE_25_34", "AGE_35_44", "AGE_45_PLUS");
    private static final List<String> ROUTES = List.of(
            "VOLUNTARY_SURRENDER",
            "VOLUNTARY_SURRENDER",
            "AMNESTY",
            "BORDER_RETURN",
            "COMMUNITY_REFERRAL",
            "COURT_DIVERSION");
    private static final List<String> PRIORITIES =
            List.of("WITHIN_24_HOURS", "WITHIN_72_HOURS", "WITHIN_72_HOURS", "WITHIN_2_WEEKS", "WITHIN_2_WEEKS");

    /** What happened, counted. */
    static final class Tally {
        private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        void count(String what) {
            counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        }

        int get(String what) {
            AtomicInteger count = counts.get(what);
            return count == null ? 0 : count.get();
        }

        void problem(String what) {
            if (problems.size() < 1000) {
                problems.add(what);
            }
        }

        int failures() {
            return problems.size();
        }

        String summary() {
            StringBuilder text = new StringBuilder("Demo finished:\n");
            for (String key : List.of(
                    "registered",
                    "consents",
                    "risk assessments",
                    "referrals issued",
                    "referrals refused by the exchange",
                    "accepted",
                    "declined",
                    "completed",
                    "support delivered",
                    "mentorship sessions",
                    "phase changes",
                    "community risk assessments",
                    "border returns",
                    "consents withdrawn")) {
                text.append(String.format("  %-36s %d%n", key, get(key)));
            }
            if (!problems.isEmpty()) {
                text.append("  unexpected answers: ")
                        .append(problems.size())
                        .append(", e.g. ")
                        .append(problems.get(0));
            }
            return text.toString();
        }
    }

    private record Person(String subjectRef, String county, String consentRef, List<String> purposes) {}

    private record Issued(String referralId, String subjectRef, String to) {}

    private final StaffAccounts staff;
    private final Places places;
    private final List<String> counties;
    private final Function<String, String> urls;
    private final long seed;
    private final int threads;
    private final PrintWriter out;
    private final Tally tally = new Tally();

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
        List<String> weighted =
                COUNTIES.stream().filter(c -> !places.areasOf(c).isEmpty()).toList();
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
        inParallel(referrals.size(), i -> answer(referrals.get(i), new Random(seed * 41 + i)));
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
        String county = pick(random, counties);
        Response registered = expect(
                nctc.post(
                        "/api/returnees",
                        Map.of(
                                "county", county,
                                "areaOfReturn", pick(random, places.areasOf(county)),
                                "ageBand", pick(random, AGE_BANDS),
                                "gender", random.nextInt(100) < 22 ? "FEMALE" : "MALE",
                                "returnRoute", pick(random, ROUTES),
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
            consentRef = expect(
                            nctc.post("/api/consents", Map.of("subjectRef", subjectRef, "purposes", purposes)),
                            "consents")
                    .text("reference");
        }
        if (random.nextInt(100) < 70) {
            expect(
                    supervisor.post(
                            "/api/returnees/" + subjectRef + "/risk",
                            Map.of(
                                    "level", pick(random, List.of("LOW", "LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                    "factors",
                                            List.of(pick(
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
                    unexpected("referral without consent", refused);
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
        Response response = expect(
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
                pick(random, PRIORITIES),
                "purpose",
                purpose,
                "consentRef",
                consentRef);
    }

    private Void answer(Issued referral, Random random) {
        ServiceClient agency = as(referral.to() + "-caseworker");
        String path = "/api/referrals/" + referral.referralId();
        if (!arrived(agency, path)) {
            tally.problem(referral.to() + " never saw referral " + referral.referralId());
            return null;
        }
        int declineRate = switch (referral.to()) {
            case "iom" -> 18;
            case "cicc" -> 25;
            default -> 30;
        };
        if (random.nextInt(100) < declineRate) {
            List<String> reasons = referral.to().equals("cicc")
                    ? List.of("OUT_OF_CAPACITY", "NOT_IN_SERVICE_AREA", "SUBJECT_REFUSED")
                    : List.of("OUT_OF_CAPACITY", "OUTSIDE_MANDATE", "SUBJECT_UNREACHABLE", "DUPLICATE_REFERRAL");
            expect(agency.post(path + "/decline", Map.of("reasonCode", pick(random, reasons))), "declined");
            return null;
        }
        if (random.nextInt(100) < 8) {
            return null; // Left unanswered: these become overdue on the dashboard.
        }
        expect(
                agency.post(
                        path + "/accept",
                        Map.of("expectedStartOn", LocalDate.now().plusDays(7).toString())),
                "accepted");
        switch (referral.to()) {
            case "iom" -> {
                int deliveries = 1 + random.nextInt(2);
                for (int i = 0; i < deliveries; i++) {
                    expect(
                            agency.post(
                                    "/api/support",
                                    Map.of(
                                            "referralId",
                                            referral.referralId(),
                                            "kind",
                                            pick(
                                                    random,
                                                    List.of(
                                                            "LIVELIHOOD",
                                                            "LIVELIHOOD",
                                                            "PSYCHOSOCIAL",
                                                            "VOCATIONAL_TRAINING")))),
                            "support delivered");
                }
            }
            case "cicc" -> {
                int sessions = 1 + random.nextInt(4);
                for (int i = 0; i < sessions; i++) {
                    boolean family = random.nextInt(100) < 55;
                    expect(
                            agency.post(
                                    "/api/mentorship-sessions",
                                    Map.of(
                                            "referralId",
                                            referral.referralId(),
                                            "format",
                                            family
                                                    ? "FAMILY"
                                                    : pick(
                                                            random,
                                                            List.of("ONE_TO_ONE", "GROUP", "COMMUNITY_DIALOGUE")),
                                            "participants",
                                            family
                                                    ? List.of(
                                                            "SUBJECT",
                                                            pick(random, List.of("PARENT", "SPOUSE", "SIBLING")),
                                                            "SIGNIFICANT_OTHER")
                                                    : List.of("SUBJECT", "RELIGIOUS_LEADER"),
                                            "durationMinutes",
                                            45 + random.nextInt(6) * 15)),
                            "mentorship sessions");
                }
            }
            default ->
                expect(
                        agency.post(
                                "/api/support",
                                Map.of("referralId", referral.referralId(), "kind", "SOCIAL_PROTECTION")),
                        "support delivered");
        }
        if (random.nextInt(100) < (referral.to().equals("iom") ? 65 : 35)) {
            expect(
                    agency.post(
                            path + "/complete",
                            Map.of(
                                    "outcome",
                                    pick(
                                            random,
                                            List.of(
                                                    "SERVICES_DELIVERED",
                                                    "SERVICES_DELIVERED",
                                                    "PARTIALLY_DELIVERED",
                                                    "SUBJECT_STOPPED_ATTENDING")))),
                    "completed");
        }
        return null;
    }

    private boolean arrived(ServiceClient agency, String path) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            if (agency.get(path).ok()) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    private Void movePhases(ServiceClient supervisor, Person person, Random random) {
        if (person.subjectRef() == null) {
            return null;
        }
        List<String> phases = List.of("DERADICALISATION", "REHABILITATION", "REINTEGRATION");
        int steps = random.nextInt(100) < 30 ? 0 : 1 + random.nextInt(3);
        List<String> reasons = List.of("ASSESSMENT_COMPLETED", "PROGRAMME_MILESTONE", "CASE_CONFERENCE_DECISION");
        for (int i = 0; i < steps; i++) {
            expect(
                    supervisor.post(
                            "/api/returnees/" + person.subjectRef() + "/phase",
                            Map.of("toPhase", phases.get(i), "reason", pick(random, reasons))),
                    "phase changes");
        }
        return null;
    }

    private void communities(ServiceClient nctc, ServiceClient county, Random random) {
        for (String countyName : places.areas().keySet().stream().sorted().toList()) {
            for (String area : places.areasOf(countyName)) {
                if (random.nextInt(100) < 60) {
                    ServiceClient who = random.nextBoolean() ? nctc : county;
                    expect(
                            who.post(
                                    "/api/community-risk",
                                    Map.of(
                                            "county",
                                            countyName,
                                            "area",
                                            area,
                                            "level",
                                            pick(random, List.of("LOW", "MEDIUM", "MEDIUM", "HIGH")),
                                            "factors",
                                            List.of(pick(
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
                    "county", pick(random, List.of("Mandera", "Wajir", "Garissa", "Lamu")), "returnedFrom", "SO"));
            if (!places.borderPoints().isEmpty()) {
                body.put("borderPoint", pick(random, places.borderPoints()));
            }
            expect(iom.post("/api/border-returns", body), "border returns");
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

    private Response expect(Response response, String counted) {
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

    private void unexpected(String what, Response response) {
        tally.problem(what + ": " + response.status() + " " + response.text("reason"));
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

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
