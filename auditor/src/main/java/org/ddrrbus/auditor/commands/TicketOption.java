package org.ddrrbus.auditor.commands;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --reference}: the case or ticket code an access is recorded with, checked by the session. */
final class TicketOption {

    @Option(
            names = "--reference",
            paramLabel = "CODE",
            description = "Your case or ticket code, recorded with this access.")
    String reference;

    /** The code, once the session found it a code and not free text. */
    Optional<String> of(Session session) {
        return session.reference(reference);
    }
}
