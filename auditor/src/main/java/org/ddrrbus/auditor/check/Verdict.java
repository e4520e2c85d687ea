package org.ddrrbus.auditor.check;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the auditor concludes about one record. Only {@link Verified} passes; the others name the first thing that is
 * wrong, in the order they are checked: a signature that does not match (tampering or forgery), then a signature by a
 * key that the key directory says did not speak for its signer at the event's time (revoked, or not valid then), then
 * a record that cannot be read, then one that carries no signature, then one the agreement did not allow.
 */
public sealed interface Verdict {

    /** The status as printed: {@code verified}, {@code bad-signature}, ... */
    String status();

    /** Why it fails; empty when verified. */
    Optional<String> reason();

    default boolean passed() {
        return this instanceof Verified;
    }

    /**
     * Well formed, signed by its sender (and, in an inbox, countersigned by the exchange), and allowed.
     * {@code warnings} say what still deserves a look, such as a signature made before its key was revoked.
     */
    record Verified(List<String> signedBy, List<String> warnings) implements Verdict {
        public Verified {
            signedBy = List.copyOf(signedBy);
            warnings = List.copyOf(warnings);
        }

        public Verified(List<String> signedBy) {
            this(signedBy, List.of());
        }

        public String status() {
            return "verified";
        }

        public Optional<String> reason() {
            return Optional.empty();
        }
    }

    /** Why a record fails, in the order the checks run; each prints as its {@link #status}. */
    enum Failure {
        /** A signature that does not match: tampering or forgery. */
        BAD_SIGNATURE("bad-signature"),
        /** Signed with a key the directory revoked from an instant at or before the event's time. */
        KEY_REVOKED("key-revoked"),
        /** Signed with a key that did not speak for its signer at the event's time. */
        KEY_NOT_VALID("key-not-valid"),
        UNSIGNED("unsigned"),
        UNKNOWN_SCHEMA("unknown-schema"),
        MALFORMED("malformed"),
        POLICY_VIOLATION("policy-violation");

        private final String status;

        Failure(String status) {
            this.status = status;
        }

        public String status() {
            return status;
        }

        /** A failing verdict of this kind, saying why. */
        public Failed because(String detail) {
            return new Failed(this, detail);
        }
    }

    /** A record that fails: the first thing wrong with it, and why in one line. */
    record Failed(Failure failure, String detail) implements Verdict {
        public Failed {
            if (failure == null) {
                throw new IllegalArgumentException("a failing verdict names its failure");
            }
            if (detail == null || detail.isBlank()) {
                throw new IllegalArgumentException("a failing verdict says why");
            }
        }

        public String status() {
            return failure.status();
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    /** Every status, in the order a summary lists them. */
    List<String> STATUSES = Stream.concat(
                    Stream.of("verified"), Stream.of(Failure.values()).map(Failure::status))
            .toList();
}
