package org.ddrrbus.auditor;

/**
 * Why a command stops, as one line for the person at the terminal and the exit code for their scripts. Thrown
 * anywhere in the auditor and turned into {@code audit: <message>} on stderr by the command that ran.
 */
public final class AuditFailure extends RuntimeException {

    /** Verification found records that fail, or a trace found nothing. */
    public static final int FOUND_PROBLEMS = 1;
    /** The command was asked something it cannot answer: bad option, unknown topic, offset past the end. */
    public static final int BAD_INPUT = 2;
    /** The bus could not be reached or logged in to, or the access could not be recorded: nothing was read. */
    public static final int UNAVAILABLE = 3;

    private final int exitCode;

    private AuditFailure(int exitCode, String message, Throwable cause) {
        super(message, cause, false, false);
        this.exitCode = exitCode;
    }

    public static AuditFailure badInput(String message) {
        return new AuditFailure(BAD_INPUT, message, null);
    }

    public static AuditFailure unavailable(String message, Throwable cause) {
        return new AuditFailure(UNAVAILABLE, message, cause);
    }

    public static AuditFailure foundProblems(String message) {
        return new AuditFailure(FOUND_PROBLEMS, message, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
