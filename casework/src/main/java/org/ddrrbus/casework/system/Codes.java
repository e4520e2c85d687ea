package org.ddrrbus.casework.system;

import java.security.SecureRandom;
import java.util.Optional;
import org.ddrrbus.client.envelope.SubjectRefs;
import org.ddrrbus.client.geography.Counties;

/**
 * Formats of the references the bus accepts, and new ones. A subjectRef is an opaque case code: the strict format is
 * what keeps a caseworker from typing a name or an ID number where the person's reference belongs.
 */
public final class Codes {

    public static final String SUBJECT_REF = SubjectRefs.CASE_CODE;
    public static final String SUBJECT_REF_MESSAGE = SubjectRefs.CASE_CODE_MESSAGE;
    public static final String REFERENCE = "[A-Z][A-Z0-9-]{2,39}";
    public static final String REFERENCE_MESSAGE =
            "must be 3 to 40 upper-case letters, digits or '-', starting with a letter";

    /**
     * The most items a list of a request may hold (purposes, services, risk factors): more is never needed, and a list
     * without a bound lets one request grow every event, inbox and case file it reaches.
     */
    public static final int MAX_LIST = 10;

    /**
     * The system property naming the country prefix of new subjectRefs ({@code KE-} unless set): {@code ./ddrr up
     * --country so} sets {@code SO-}, so that two national buses never issue the same case code.
     */
    public static final String SUBJECT_PREFIX_PROPERTY = "ddrr.subject-prefix";

    public static final String DEFAULT_SUBJECT_PREFIX = "KE-";

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Codes() {}

    public static String newSubjectRef() {
        return subjectPrefix() + random(4) + "-" + random(4);
    }

    /** The prefix of new subjectRefs: two capital letters and '-'; a malformed setting is refused, not used. */
    public static String subjectPrefix() {
        String prefix = System.getProperty(SUBJECT_PREFIX_PROPERTY, DEFAULT_SUBJECT_PREFIX);
        if (!prefix.matches("[A-Z]{2}-")) {
            throw new IllegalStateException(
                    SUBJECT_PREFIX_PROPERTY + " must be two capital letters and '-', e.g. SO-, not '" + prefix + "'");
        }
        return prefix;
    }

    public static String newReference(String prefix) {
        return prefix + "-" + random(8);
    }

    /** The county's canonical name, or a 400 naming the field. */
    public static String county(String field, String value) {
        Optional<String> county = Counties.canonical(value);
        if (county.isEmpty()) {
            throw ApiException.badRequest(field, Reason.of("county.unknown"));
        }
        return county.get();
    }

    private static String random(int length) {
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
