package org.ddrrbus.reliability.fuzz;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ddrrbus.events.AgeBand;
import org.ddrrbus.events.CommunityRiskFactor;
import org.ddrrbus.events.DeclineReason;
import org.ddrrbus.events.Gender;
import org.ddrrbus.events.Participant;
import org.ddrrbus.events.Phase;
import org.ddrrbus.events.PhaseChangeReason;
import org.ddrrbus.events.Priority;
import org.ddrrbus.events.ReferralOutcome;
import org.ddrrbus.events.ReturnRoute;
import org.ddrrbus.events.RiskFactor;
import org.ddrrbus.events.RiskLevel;
import org.ddrrbus.events.ServiceKind;
import org.ddrrbus.events.SessionFormat;
import org.ddrrbus.events.WithdrawalReason;

/**
 * Every POST endpoint of the partner services with a valid body and what each field must be, and the invalid values
 * a caseworker's slip, a buggy client or an attacker could put in each field.
 *
 * <p>Paths and bodies name the fixtures of a running system by tokens: {@code {S}} a registered person,
 * {@code {C}} their consent, {@code {R:iom}} a referral from nctc to iom (likewise cicc, county), {@code {R:withdraw}}
 * an open referral nctc may withdraw, {@code {UNIQUE}} a new reference each time (so that one request accepted by
 * mistake does not make every later one a duplicate).
 */
final class RestEndpoints {

    enum Kind {
        COUNTY,
        AREA,
        BORDER_POINT,
        SUBJECT_REF,
        REFERENCE,
        AGENCY,
        PURPOSE,
        PURPOSES,
        ENUM,
        ENUM_LIST,
        PAST_DATE,
        DATE,
        MINUTES,
        COUNTRY
    }

    /**
     * One field of a request body.
     *
     * @param enumType for {@code ENUM} and {@code ENUM_LIST}
     * @param maxItems for lists
     */
    record Field(String name, Kind kind, boolean required, Class<? extends Enum<?>> enumType, int maxItems) {

        static Field of(String name, Kind kind, boolean required) {
            return new Field(name, kind, required, null, 0);
        }

        static Field enumeration(String name, Class<? extends Enum<?>> type, boolean required) {
            return new Field(name, Kind.ENUM, required, type, 0);
        }

        static Field enumList(String name, Class<? extends Enum<?>> type, boolean required, int maxItems) {
            return new Field(name, Kind.ENUM_LIST, required, type, maxItems);
        }
    }

    /**
     * A POST endpoint of one service, called by an account allowed to use it.
     *
     * @param bodyOptional the endpoint accepts a request without a body (accepting a referral)
     * @param pathVariable the token of the path that names something, when there is one
     */
    record Endpoint(
            String service,
            String account,
            String path,
            Map<String, Object> validBody,
            List<Field> fields,
            boolean bodyOptional,
            String pathVariable) {

        String name() {
            return "POST " + service + " " + path;
        }
    }

    /** A JSON fragment written into a body as it is, for what a Java value cannot say (numbers out of range, nesting). */
    record RawJson(String json) {}

    /**
     * One invalid value for a field.
     *
     * @param value the value to put, or {@link #REMOVE} to leave the field out
     * @param field the field a 400 must name; a list's element may be named with its index
     */
    record Bad(String description, Object value, String field) {}

    static final Object REMOVE = new Object();

    private RestEndpoints() {}

    static List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>();
        all.add(new Endpoint(
                "nctc",
                "nctc-caseworker",
                "/api/returnees",
                body(
                        "county",
                        "Kwale",
                        "areaOfReturn",
                        "Msambweni",
                        "ageBand",
                        "AGE_18_24",
                        "gender",
                        "FEMALE",
                        "returnRoute",
                        "VOLUNTARY_SURRENDER",
                        "initialPhase",
                        "DISENGAGEMENT",
                        "registeredOn",
                        "2026-01-05"),
                List.of(
                        Field.of("county", Kind.COUNTY, true),
                        Field.of("areaOfReturn", Kind.AREA, true),
                        Field.enumeration("ageBand", AgeBand.class, true),
                        Field.enumeration("gender", Gender.class, true),
                        Field.enumeration("returnRoute", ReturnRoute.class, false),
                        Field.enumeration("initialPhase", Phase.class, false),
                        Field.of("registeredOn", Kind.PAST_DATE, false)),
                false,
                null));
        all.add(new Endpoint(
                "nctc",
                "nctc-supervisor",
                "/api/returnees/{S}/phase",
                body("toPhase", "REINTEGRATION", "reason", "PROGRAMME_MILESTONE", "changedOn", "2026-01-06"),
                List.of(
                        Field.enumeration("toPhase", Phase.class, true),
                        Field.enumeration("reason", PhaseChangeReason.class, true),
                        Field.of("changedOn", Kind.PAST_DATE, false)),
                false,
                "{S}"));
        all.add(new Endpoint(
                "nctc",
                "nctc-supervisor",
                "/api/returnees/{S}/risk",
                body(
                        "level",
                        "MEDIUM",
                        "factors",
                        List.of(RiskFactor.values()[0].name()),
                        "assessedOn",
                        "2026-01-06",
                        "nextReviewOn",
                        "2027-01-06"),
                List.of(
                        Field.enumeration("level", RiskLevel.class, true),
                                Field.enumList("factors", RiskFactor.class, false, 10),
                        Field.of("assessedOn", Kind.PAST_DATE, false), Field.of("nextReviewOn", Kind.DATE, false)),
                false,
                "{S}"));
        for (String agency : List.of("nctc", "iom")) {
            all.add(new Endpoint(
                    agency,
                    agency + "-caseworker",
                    "/api/consents",
                    body(
                            "subjectRef",
                            "{S}",
                            "consentRef",
                            "{UNIQUE}",
                            "purposes",
                            List.of("mentorship"),
                            "givenOn",
                            "2026-01-05",
                            "validUntil",
                            "2027-01-05"),
                    List.of(
                            Field.of("subjectRef", Kind.SUBJECT_REF, true),
                            Field.of("consentRef", Kind.REFERENCE, false),
                            Field.of("purposes", Kind.PURPOSES, true),
                            Field.of("givenOn", Kind.PAST_DATE, false),
                            Field.of("validUntil", Kind.DATE, false)),
                    false,
                    null));
        }
        // The sharing agreement lets only the agencies that record consents send ConsentWithdrawn; the others
        // are refused with a 403 before their body is read, which RestFuzzIT checks separately.
        for (String agency : List.of("nctc", "iom")) {
            all.add(new Endpoint(
                    agency,
                    agency + "-caseworker",
                    "/api/consents/{C}/withdraw",
                    body("subjectRef", "{S}", "purposes", List.of("mentorship"), "withdrawnOn", "2026-01-07"),
                    List.of(
                            Field.of("subjectRef", Kind.SUBJECT_REF, true),
                            Field.of("purposes", Kind.PURPOSES, false),
                            Field.of("withdrawnOn", Kind.PAST_DATE, false)),
                    false,
                    "{C}"));
        }
        for (String agency : List.of("nctc", "iom", "county")) {
            String to = agency.equals("iom") ? "cicc" : "iom";
            all.add(new Endpoint(
                    agency,
                    agency + "-caseworker",
                    "/api/referrals",
                    body(
                            "subjectRef",
                            "{S}",
                            "referralId",
                            "{UNIQUE}",
                            "toAgency",
                            to,
                            "county",
                            "Kwale",
                            "services",
                            List.of("LIVELIHOOD"),
                            "priority",
                            "WITHIN_72_HOURS",
                            "purpose",
                            to.equals("cicc") ? "mentorship" : "reintegration-support",
                            "consentRef",
                            "{C}"),
                    List.of(
                            Field.of("subjectRef", Kind.SUBJECT_REF, true),
                                    Field.of("referralId", Kind.REFERENCE, false),
                            Field.of("toAgency", Kind.AGENCY, true), Field.of("county", Kind.COUNTY, true),
                            Field.enumList("services", ServiceKind.class, true, 10),
                                    Field.enumeration("priority", Priority.class, true),
                            Field.of("purpose", Kind.PURPOSE, true), Field.of("consentRef", Kind.REFERENCE, true)),
                    false,
                    null));
        }
        for (String agency : List.of("iom", "cicc")) {
            all.add(new Endpoint(
                    agency,
                    agency + "-caseworker",
                    "/api/referrals/{R:" + agency + "}/accept",
                    body("expectedStartOn", "2026-03-01"),
                    List.of(Field.of("expectedStartOn", Kind.DATE, false)),
                    true,
                    "{R:" + agency + "}"));
        }
        all.add(new Endpoint(
                "county",
                "county-caseworker",
                "/api/referrals/{R:county}/decline",
                body("reasonCode", "OUT_OF_CAPACITY"),
                List.of(Field.enumeration("reasonCode", DeclineReason.class, true)),
                false,
                "{R:county}"));
        all.add(new Endpoint(
                "iom",
                "iom-caseworker",
                "/api/referrals/{R:iom}/complete",
                body("outcome", "SERVICES_DELIVERED"),
                List.of(Field.enumeration("outcome", ReferralOutcome.class, true)),
                false,
                "{R:iom}"));
        all.add(new Endpoint(
                "nctc",
                "nctc-caseworker",
                "/api/referrals/{R:withdraw}/withdraw",
                body("reasonCode", WithdrawalReason.values()[0].name()),
                List.of(Field.enumeration("reasonCode", WithdrawalReason.class, true)),
                false,
                "{R:withdraw}"));
        for (String agency : List.of("iom", "cicc", "county")) {
            all.add(new Endpoint(
                    agency,
                    agency + "-caseworker",
                    "/api/support",
                    body("referralId", "{R:" + agency + "}", "kind", "LIVELIHOOD", "deliveredOn", "2026-01-08"),
                    List.of(
                            Field.of("referralId", Kind.REFERENCE, true),
                            Field.enumeration("kind", ServiceKind.class, true),
                            Field.of("deliveredOn", Kind.PAST_DATE, false)),
                    false,
                    null));
        }
        all.add(new Endpoint(
                "cicc",
                "cicc-caseworker",
                "/api/mentorship-sessions",
                body(
                        "referralId",
                        "{R:cicc}",
                        "format",
                        "FAMILY",
                        "participants",
                        List.of("SUBJECT", "PARENT"),
                        "durationMinutes",
                        90,
                        "heldOn",
                        "2026-01-09"),
                List.of(
                        Field.of("referralId", Kind.REFERENCE, true),
                        Field.enumeration("format", SessionFormat.class, true),
                        Field.enumList("participants", Participant.class, true, 12),
                        Field.of("durationMinutes", Kind.MINUTES, true),
                        Field.of("heldOn", Kind.PAST_DATE, false)),
                false,
                null));
        all.add(new Endpoint(
                "iom",
                "iom-caseworker",
                "/api/border-returns",
                body(
                        "subjectRef",
                        "{S}",
                        "county",
                        "Mandera",
                        "borderPoint",
                        "Liboi",
                        "returnedFrom",
                        "SO",
                        "recordedOn",
                        "2026-01-09"),
                List.of(
                        Field.of("subjectRef", Kind.SUBJECT_REF, false),
                        Field.of("county", Kind.COUNTY, true),
                        Field.of("borderPoint", Kind.BORDER_POINT, false),
                        Field.of("returnedFrom", Kind.COUNTRY, false),
                        Field.of("recordedOn", Kind.PAST_DATE, false)),
                false,
                null));
        for (String agency : List.of("nctc", "county")) {
            all.add(new Endpoint(
                    agency,
                    agency + "-supervisor",
                    "/api/community-risk",
                    body(
                            "county",
                            "Lamu",
                            "area",
                            "Mpeketoni",
                            "level",
                            "LOW",
                            "factors",
                            List.of(CommunityRiskFactor.values()[0].name()),
                            "assessedOn",
                            "2026-01-09"),
                    List.of(
                            Field.of("county", Kind.COUNTY, true),
                            Field.of("area", Kind.AREA, true),
                            Field.enumeration("level", RiskLevel.class, true),
                            Field.enumList("factors", CommunityRiskFactor.class, false, 10),
                            Field.of("assessedOn", Kind.PAST_DATE, false)),
                    false,
                    null));
        }
        return all;
    }

    /** The invalid values of a field: always its own faults, and a random draw of everything that is never valid. */
    static List<Bad> invalid(Field field, Random random) {
        String name = field.name();
        List<Bad> bad = new ArrayList<>();
        if (field.required()) {
            bad.add(new Bad("missing", REMOVE, name));
            bad.add(new Bad("null", null, name));
        }
        // Wrong JSON types: nothing is ever an object or (unless a list) an array.
        bad.add(new Bad("an object", Map.of("value", "x"), name));
        if (field.kind() != Kind.PURPOSES && field.kind() != Kind.ENUM_LIST) {
            bad.add(new Bad("an array", List.of("Kwale"), name));
        }
        // Far longer than any field may be, yet the body stays under the services' limit (16 KB): over it is a 413,
        // which bodiesOverTheLimitAreA413BeforeTheyAreReadWhole tries.
        String huge = Fuzz.alphanumeric(random, Fuzz.between(random, 2_000, 12_000));
        switch (field.kind()) {
            case COUNTY -> {
                bad.add(new Bad(
                        "unknown county",
                        Fuzz.pick(random, "Atlantis", "Kwale County", "Nairobi City", "Mogadishu"),
                        name));
                bad.add(new Bad("a name instead", "Amina Hassan", name));
                bad.add(new Bad("number", 42, name));
                bad.add(new Bad("overlong", huge, name));
                bad.add(new Bad("control characters", "Kwa\u0000le\n", name));
                if (field.required()) {
                    bad.add(new Bad("blank", Fuzz.pick(random, "", "   ", "\t"), name));
                }
            }
            case AREA, BORDER_POINT -> {
                // Shaped like a place, but not on the agreement's list: only the list can tell.
                bad.add(new Bad("a name", Fuzz.pick(random, "Amina Hassan", "Mohamed Ali", "Mama Fatuma"), name));
                bad.add(new Bad("a house", "Omar's shop", name));
                if (field.kind() == Kind.AREA) {
                    bad.add(new Bad("an area of another county", "Eastleigh", name));
                }
                bad.add(new Bad("digits", "12 Main Street", name));
                bad.add(new Bad("one letter", "M", name));
                bad.add(new Bad("41 letters", "M" + "s".repeat(40), name));
                bad.add(new Bad("overlong", huge, name));
                bad.add(new Bad("markup", "<script>alert(1)</script>", name));
                bad.add(new Bad("line break", "Msambweni\nWard 7", name));
                bad.add(new Bad("random", "#" + Fuzz.printable(random, 20), name));
            }
            case SUBJECT_REF -> {
                bad.add(new Bad("a name", Fuzz.pick(random, "Amina Hassan", "Mohamed Ali", "John"), name));
                bad.add(new Bad("an ID number", "23456789", name));
                bad.add(new Bad("a phone number", "+254 712 345678", name));
                bad.add(new Bad("lower case", "ke-7q2m-4xjd", name));
                bad.add(new Bad("trailing space", "KE-7Q2M-4XJD ", name));
                bad.add(new Bad("too long", "KE-7Q2M-4XJDD", name));
                bad.add(new Bad("overlong", huge, name));
                bad.add(new Bad("blank", "", name));
                bad.add(new Bad("number", 12345, name));
            }
            case REFERENCE -> {
                bad.add(new Bad(
                        "lower case", "ref-" + Fuzz.alphanumeric(random, 6).toLowerCase(), name));
                bad.add(new Bad("too short", "R1", name));
                bad.add(new Bad("starts with a digit", "1REF", name));
                bad.add(new Bad("41 characters", "R" + "E".repeat(40), name));
                bad.add(new Bad("space", "REF 1", name));
                bad.add(new Bad("blank", "", name));
                bad.add(new Bad("overlong", huge.toUpperCase(), name));
                bad.add(new Bad("line break", "REF-1\nREF-2", name));
            }
            case AGENCY -> {
                bad.add(new Bad("upper case", "IOM", name));
                bad.add(new Bad("one letter", "i", name));
                bad.add(new Bad(
                        "not a recipient of referrals", Fuzz.pick(random, "embassy-dk", "auditor", "nobody"), name));
                bad.add(new Bad("blank", "", name));
                bad.add(new Bad("overlong", huge.toLowerCase(), name));
            }
            case PURPOSE -> {
                bad.add(new Bad("not a purpose", Fuzz.pick(random, "gossip", "curiosity", "marketing"), name));
                bad.add(new Bad("not the recipient's purpose", "oversight", name));
                bad.add(new Bad("upper case", "Mentorship", name));
                bad.add(new Bad("blank", "", name));
                bad.add(new Bad("overlong", huge.toLowerCase(), name));
            }
            case PURPOSES -> {
                bad.add(new Bad("too many", repeat("mentorship", 11 + Fuzz.between(random, 0, 50)), name));
                bad.add(new Bad("a purpose twice", List.of("mentorship", "mentorship"), name));
                bad.add(new Bad(
                        "unknown purpose",
                        List.of("mentorship", Fuzz.pick(random, "gossip", "Mentorship", "oversight ")),
                        name));
                bad.add(new Bad("a string, not a list", "mentorship", name));
                bad.add(new Bad("a null purpose", nullList(), name));
                bad.add(new Bad("an object in the list", List.of(Map.of("purpose", "mentorship")), name));
                if (field.required()) {
                    bad.add(new Bad("empty list", List.of(), name));
                    bad.add(new Bad("blank purpose", List.of(""), name));
                }
            }
            case ENUM, ENUM_LIST -> {
                List<String> symbols = symbols(field.enumType());
                // (Jackson trims spaces and line breaks around a symbol: " LIVELIHOOD\n" is read as LIVELIHOOD.)
                String wrong = Fuzz.pick(
                        random,
                        "NOPE",
                        "UNKNOWN_" + Fuzz.alphanumeric(random, 5).toUpperCase(),
                        symbols.get(0) + "_",
                        symbols.get(0).toLowerCase(),
                        symbols.get(0).substring(1),
                        "\u0000");
                Object nonsense = Fuzz.pick(random, (Object) 999, new BigInteger("99999999999999999999"), -1);
                if (field.kind() == Kind.ENUM) {
                    bad.add(new Bad("unknown value", wrong, name));
                    bad.add(new Bad("a number", nonsense, name));
                    bad.add(new Bad("overlong", huge.toUpperCase(), name));
                    if (field.required()) {
                        bad.add(new Bad("blank", "", name));
                    }
                } else {
                    bad.add(new Bad("an unknown value in the list", List.of(symbols.get(0), wrong), name));
                    bad.add(new Bad("a number in the list", List.of(nonsense), name));
                    bad.add(new Bad("a string, not a list", symbols.get(0), name));
                    bad.add(new Bad("a null in the list", nullList(), name));
                    bad.add(new Bad(
                            "too many", repeat(symbols.get(0), field.maxItems() + Fuzz.between(random, 1, 50)), name));
                    if (field.required()) {
                        bad.add(new Bad("empty list", List.of(), name));
                    }
                }
            }
            case PAST_DATE, DATE -> {
                bad.add(new Bad(
                        "no such day",
                        Fuzz.pick(random, "2026-02-30", "2026-13-01", "2025-00-10", "2026-04-31"),
                        name));
                bad.add(new Bad("day first", Fuzz.pick(random, "05/01/2026", "5.1.2026", "05-01-2026"), name));
                bad.add(new Bad("words", Fuzz.pick(random, "yesterday", "last Tuesday", "soon"), name));
                // (Jackson reads "2026-01-05T10:00:00Z" as the date of that instant in UTC: lenient, but not wrong.)
                bad.add(new Bad(
                        "a time stamp", Fuzz.pick(random, "2026-01-05 10:00", "2026-01-05T10:00:00+03:00"), name));
                bad.add(new Bad("random", Fuzz.printable(random, Fuzz.between(random, 3, 30)), name));
                if (field.kind() == Kind.PAST_DATE) {
                    bad.add(new Bad(
                            "in the future",
                            LocalDate.now()
                                    .plusDays(Fuzz.between(random, 2, 4000))
                                    .toString(),
                            name));
                    bad.add(new Bad("the end of time", "+999999999-12-31", name));
                }
            }
            case MINUTES -> {
                bad.add(new Bad("too short", Fuzz.between(random, -100, 4), name));
                bad.add(new Bad("too long", Fuzz.between(random, 481, 100_000), name));
                bad.add(new Bad("beyond int", new BigInteger("2147483648"), name));
                bad.add(new Bad("far beyond int", new RawJson("1" + "0".repeat(400)), name));
                bad.add(new Bad("exponent", new RawJson("1e400"), name));
                bad.add(new Bad("words", "ninety", name));
                bad.add(new Bad("too short, with a fraction", new BigDecimal("4.5"), name));
            }
            case COUNTRY -> {
                bad.add(new Bad("lower case", "so", name));
                bad.add(new Bad("three letters", "SOM", name));
                bad.add(new Bad("a country name", "Somalia", name));
                bad.add(new Bad("digits", "25", name));
            }
        }
        return bad;
    }

    private static List<Object> nullList() {
        List<Object> list = new ArrayList<>();
        list.add(null);
        return list;
    }

    private static List<String> repeat(String value, int times) {
        List<String> list = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            list.add(value);
        }
        return list;
    }

    static List<String> symbols(Class<? extends Enum<?>> type) {
        return java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
    }

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            body.put((String) pairs[i], pairs[i + 1]);
        }
        return body;
    }
}
