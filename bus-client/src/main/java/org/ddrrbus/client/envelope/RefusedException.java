package org.ddrrbus.client.envelope;

import org.ddrrbus.client.rejection.Rejection;

/** Internal control flow for a refusal while reading a record; never escapes this package's codec. */
final class RefusedException extends RuntimeException {

    final transient Rejection rejection;

    RefusedException(Rejection rejection) {
        super(rejection.detail(), null, false, false);
        this.rejection = rejection;
    }

    /** Throws the refusal of {@code rejection}. */
    static void raise(Rejection rejection) {
        throw new RefusedException(rejection);
    }
}
