package org.ddrrbus.client.agreement;

import java.util.List;

/** The agreement file is invalid; each problem names its line. */
public final class AgreementException extends RuntimeException {

    private final List<Problem> problems;

    public AgreementException(List<Problem> problems) {
        super(String.join("\n", problems.stream().map(Problem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** One problem at one line (1-based) of one file. */
    public record Problem(String source, int line, String message) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + message;
        }
    }
}
