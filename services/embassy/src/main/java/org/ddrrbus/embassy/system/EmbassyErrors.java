package org.ddrrbus.embassy.system;

import org.ddrrbus.problem.ProblemAnswers;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The embassy service refuses in the bus's one error shape, and never with a stack trace. */
@RestControllerAdvice
class EmbassyErrors extends ProblemAnswers {

    EmbassyErrors() {
        super("the embassy service could not answer; see its log");
    }
}
