package org.ddrrbus.client.envelope;

import java.util.regex.Pattern;

/**
 * The form of a subjectRef: an opaque case code such as {@code KE-7Q2M-4XJD}. The strict form is what keeps a name or
 * an ID number out of the one field that names a person; the REST edge and the exchange both hold every event to it.
 */
public final class SubjectRefs {

    /** Two letters of the country, then two groups of four upper-case letters or digits. */
    public static final String CASE_CODE = "[A-Z]{2}-[A-Z0-9]{4}-[A-Z0-9]{4}";

    public static final String CASE_CODE_MESSAGE =
            "must be a case code like KE-7Q2M-4XJD, never a name or an ID number";

    private static final Pattern PATTERN = Pattern.compile(CASE_CODE);

    private SubjectRefs() {}

    public static boolean isCaseCode(String subjectRef) {
        return subjectRef != null && PATTERN.matcher(subjectRef).matches();
    }
}
