package org.ddrrbus.auditor.check;

import java.util.List;
import java.util.Optional;

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

    record BadSignature(String detail) implements Verdict {
        public BadSignature {
            requireText(detail);
        }

        public String status() {
            return "bad-signature";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    /** Signed with a key the directory revoked from an instant at or before the event's time. */
    record KeyRevoked(String detail) implements Verdict {
        public KeyRevoked {
            requireText(detail);
        }

        public String status() {
            return "key-revoked";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    /** Signed with a key that did not speak for its signer at the event's time. */
    record KeyNotValid(String detail) implements Verdict {
        public KeyNotValid {
            requireText(detail);
        }

        public String status() {
            return "key-not-valid";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    record UnknownSchema(String detail) implements Verdict {
        public UnknownSchema {
            requireText(detail);
        }

        public String status() {
            return "unknown-schema";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    record Malformed(String detail) implements Verdict {
        public Malformed {
            requireText(detail);
        }

        public String status() {
            return "malformed";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    record Unsigned(String detail) implements Verdict {
        public Unsigned {
            requireText(detail);
        }

        public String status() {
            return "unsigned";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    record PolicyViolation(String detail) implements Verdict {
        public PolicyViolation {
            requireText(detail);
        }

        public String status() {
            return "policy-violation";
        }

        public Optional<String> reason() {
            return Optional.of(detail);
        }
    }

    /** Every status, in the order a summary lists them. */
    List<String> STATUSES = List.of(
            "verified",
            "bad-signature",
            "key-revoked",
            "key-not-valid",
            "unsigned",
            "unknown-schema",
            "malformed",
            "policy-violation");

    private static void requireText(String detail) {
        if (detail == null || detail.isBlank()) {
            throw new IllegalArgumentException("a failing verdict says why");
        }
    }
}
