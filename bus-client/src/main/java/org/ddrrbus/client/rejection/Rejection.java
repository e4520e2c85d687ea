package org.ddrrbus.client.rejection;

import org.ddrrbus.events.RejectionReason;

/**
 * Why an event was refused. Every refusal names its reason code, used in quarantine headers and in the
 * {@code DeliveryRejected} event the sender receives, and a one-line detail for people.
 */
public sealed interface Rejection {

    RejectionReason reason();

    String detail();

    record NotAvro(String detail) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.NOT_AVRO;
        }
    }

    record UnknownSchema(long fingerprint) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.UNKNOWN_SCHEMA;
        }

        public String detail() {
            return "no event schema has fingerprint " + String.format("%016x", fingerprint);
        }
    }

    record MalformedBody(String eventType, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.MALFORMED_BODY;
        }

        public String detail() {
            return "body is not a valid " + eventType + ": " + problem;
        }
    }

    record MissingHeader(String header) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.MISSING_HEADER;
        }

        public String detail() {
            return "required header " + header + " is missing";
        }
    }

    record MalformedHeader(String header, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.MALFORMED_HEADER;
        }

        public String detail() {
            return "header " + header + " " + problem;
        }
    }

    record TypeMismatch(String declared, String actual) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.TYPE_MISMATCH;
        }

        public String detail() {
            return "ce_type says " + declared + " but the body is " + actual;
        }
    }

    record SourceMismatch(String declared, String outboxOwner) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.SOURCE_MISMATCH;
        }

        public String detail() {
            return "ce_source says " + declared + " but the event was written to the outbox of " + outboxOwner;
        }
    }

    record NotTheSigner(String declared, String signer) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.SOURCE_MISMATCH;
        }

        public String detail() {
            return "ce_source says " + declared + " but the event is signed by " + signer;
        }
    }

    record Oversized(int size, int limit) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.OVERSIZED;
        }

        public String detail() {
            return "record of " + size + " bytes exceeds the limit of " + limit + " bytes";
        }
    }

    record SenderNotPermitted(String sender, String eventType) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.SENDER_NOT_PERMITTED;
        }

        public String detail() {
            return "the sharing agreement does not let " + sender + " send " + eventType;
        }
    }

    record RecipientNotPermitted(String recipient, String eventType) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.RECIPIENT_NOT_PERMITTED;
        }

        public String detail() {
            return "the sharing agreement does not let " + recipient + " receive " + eventType;
        }
    }

    record PurposeNotPermitted(String purpose, String recipient, String eventType) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.PURPOSE_NOT_PERMITTED;
        }

        public String detail() {
            return "the sharing agreement does not let " + recipient + " receive " + eventType + " for purpose '"
                    + purpose + "'";
        }
    }

    record UnknownPurpose(String purpose) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.PURPOSE_NOT_PERMITTED;
        }

        public String detail() {
            return "the sharing agreement names no purpose '" + purpose + "'";
        }
    }

    record Failed(String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.OTHER;
        }

        public String detail() {
            return "the exchange could not process the event: " + problem;
        }
    }

    record NoConsent(String subjectRef, String purpose, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.NO_CONSENT;
        }

        public String detail() {
            return "no consent of " + subjectRef + " covers purpose '" + purpose + "': " + problem;
        }
    }

    record Unsigned() implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.UNSIGNED;
        }

        public String detail() {
            return "the event carries no signature";
        }
    }

    record BadSignature(String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.BAD_SIGNATURE;
        }

        public String detail() {
            return "signature does not verify: " + problem;
        }
    }

    /** Signed by a key the directory revoked from an instant at or before the event's time. */
    record KeyRevoked(String keyId, String revokedFrom, String eventTime) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.KEY_REVOKED;
        }

        public String detail() {
            return "signed by " + keyId + ", a key revoked from " + revokedFrom + "; the event counts as of "
                    + eventTime + " (the later of its ce_time and its arrival on the bus)";
        }
    }

    /** Signed by a key of the directory that did not speak for its principal at the event's time. */
    record KeyNotValid(String keyId, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.KEY_NOT_VALID;
        }

        public String detail() {
            return "signed by " + keyId + ", a key not valid then: " + problem;
        }
    }

    record Replayed(String eventId, String source) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.REPLAYED;
        }

        public String detail() {
            return "event id " + eventId + " from " + source + " was already accepted";
        }
    }

    record Stale(String eventId, String time) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.REPLAYED;
        }

        public String detail() {
            return "event " + eventId + " dated " + time + " is outside the window in which replays are detected";
        }
    }
}
