package org.ddrrbus.client.rejection;

import java.time.Duration;
import org.ddrrbus.client.text.OneLine;
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

    /**
     * A plain value of a type whose content about a person must be sealed, on a bus where every partner seals: a
     * partner that forgot the key holder's address must not put a person's details on the bus in clear.
     */
    record NotSealed(String eventType) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.MALFORMED_BODY;
        }

        public String detail() {
            return "a " + eventType + " about a person must be sealed under the person's key on this bus, not sent"
                    + " as a plain value: give the sender the key holder's address (ddrr.bus.subject-keys.url)";
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

    /**
     * The event's sender sequence number is not above the last one accepted from its sender on its outbox partition:
     * the same signed event again, or events sent in another order than their sender numbered them.
     */
    record Replayed(String eventId, String source, long sequence, long last) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.REPLAYED;
        }

        public String detail() {
            return "event id " + eventId + " from " + source + " is numbered " + sequence + ", not above " + last
                    + ", the last accepted from " + source + " on this partition: it was accepted already, or sent out"
                    + " of order";
        }
    }

    /** The event carries no sender sequence number, or a malformed one, so a replay of it could not be told apart. */
    record Unnumbered(String eventId) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.REPLAYED;
        }

        public String detail() {
            return "event " + eventId + " carries no well-formed sender sequence number (ddrr_sig_seq), so a replay of"
                    + " it could not be detected";
        }
    }

    /** Dated further ahead of the exchange's clock than clocks drift: an event cannot have happened yet. */
    record Postdated(String eventId, String time) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.REPLAYED;
        }

        public String detail() {
            return "event " + eventId + " is dated " + time
                    + ", ahead of the exchange's clock by more than clocks drift";
        }
    }

    /** A referral answer, withdrawal or report that names a referral the exchange has no record of. */
    record UnknownReferral(String referralId, String referrer) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.UNKNOWN_REFERRAL;
        }

        public String detail() {
            return "no referral " + OneLine.of(referralId, 64) + " issued by " + OneLine.of(referrer, 32)
                    + " is on record for this person";
        }
    }

    /** An agency acting on a referral it is not party to in that role: only the recipient answers, the referrer withdraws. */
    record NotReferralParty(String referralId, String sender, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.NOT_REFERRAL_PARTY;
        }

        public String detail() {
            return sender + " may not act on referral " + OneLine.of(referralId, 64) + ": " + problem;
        }
    }

    /** A consent recorded again under a reference already on record: a new consent needs a new reference. */
    record ConsentRefReused(String consentRef) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.CONSENT_REF_REUSED;
        }

        public String detail() {
            return "consent " + OneLine.of(consentRef, 64)
                    + " is already on record; a new consent needs a new reference";
        }
    }

    /** A withdrawal by an agency other than the one that recorded the consent. */
    record ConsentNotOwned(String consentRef, String recordedBy, String sender) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.CONSENT_NOT_OWNED;
        }

        public String detail() {
            return "consent " + OneLine.of(consentRef, 64) + " was recorded by " + recordedBy + "; only " + recordedBy
                    + " may withdraw it, not " + sender;
        }
    }

    /** A header that no sender may set: only the CloudEvents attributes and the sender's signature travel onwards. */
    record HeaderNotAllowed(String header, int others) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.HEADER_NOT_ALLOWED;
        }

        public String detail() {
            return "header '" + OneLine.of(header, 64) + "'" + (others > 0 ? " (and " + others + " more)" : "")
                    + " may not be sent: only the CloudEvents attributes and the signature headers are allowed";
        }
    }

    /** A subjectRef that is not a case code; it may be a name, so it is never quoted. */
    record InvalidSubject(String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.INVALID_SUBJECT;
        }

        public String detail() {
            return "subjectRef " + problem;
        }
    }

    /** What the exchange would write for an event is more than it can write; the event is set aside instead. */
    record Unwritable(String problem, boolean tooLarge) implements Rejection {
        public RejectionReason reason() {
            return tooLarge ? RejectionReason.OVERSIZED : RejectionReason.OTHER;
        }

        public String detail() {
            return "the exchange could not write what this event calls for: " + problem;
        }
    }

    /** A consent recorded for a purpose the agreement does not let its recorder record consent for. */
    record ConsentPurposeNotPermitted(String purpose, String agency) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.PURPOSE_NOT_PERMITTED;
        }

        public String detail() {
            return "the sharing agreement does not let " + agency + " record consent for purpose '"
                    + OneLine.of(purpose, 64) + "'";
        }
    }

    /** A referral issued again under an id its referrer already used: a new referral needs a new id. */
    record ReferralIdReused(String referralId, String referrer) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.OTHER;
        }

        public String detail() {
            return "referral " + OneLine.of(referralId, 64) + " of " + referrer
                    + " is already on record; a new referral needs a new id";
        }
    }

    /** The exchange keeps a bounded record of each person; an event that would grow it further is refused. */
    record StateFull(String what, int limit) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.OVERSIZED;
        }

        public String detail() {
            return "the exchange keeps at most " + limit + " " + what + " per person";
        }
    }

    /**
     * Content another bus sealed under its key of the person, whose key holder gave this bus no key for as long as the
     * inlet waits: it did not answer, or could not record the grant. The problem names an address and a status, and
     * the key id a case code, a retention and a month, so it may be quoted.
     */
    record KeyHolderUnreachable(String bus, Duration waited, String problem) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.OTHER;
        }

        public String detail() {
            return "bus " + OneLine.of(bus, 8) + "'s key holder gave no key to open the content for "
                    + (waited.toSeconds() < 120 ? waited.toSeconds() + " s" : waited.toMinutes() + " min") + " ("
                    + OneLine.of(problem, 160) + "); its operator is to make it"
                    + " reachable";
        }
    }

    /**
     * An event about a person the case owner erased: nothing more about them is accepted, so an erasure cannot be
     * undone by writing about the person again. The subjectRef is a case code (checked before), so it may be quoted.
     */
    record Erased(String subjectRef) implements Rejection {
        public RejectionReason reason() {
            return RejectionReason.SUBJECT_ERASED;
        }

        public String detail() {
            return "subjectRef " + OneLine.of(subjectRef, 64)
                    + " was erased by its case owner; nothing more about the person is accepted";
        }
    }

    /**
     * A value sealed under a person's data key that this reader cannot open: the key was destroyed (the person was
     * erased, or the retention of the event's type ended) or was never granted to it. The key id names a case code
     * (checked when it was read), a retention and a month, so it may be quoted.
     */
    record KeyUnavailable(String keyId) implements Rejection {
        /** How the key id of a value sealed to a bus for the crossing starts: {@code federation/<cc>}. */
        public static final String TO_BUS = "federation/";

        public RejectionReason reason() {
            return RejectionReason.SUBJECT_ERASED;
        }

        public String detail() {
            if (keyId.startsWith(TO_BUS)) {
                return "the content is sealed to bus " + OneLine.of(keyId.substring(TO_BUS.length()), 8)
                        + " for the crossing: only that bus's exchange opens it, with its federation key";
            }
            return "the content is sealed under the person's key " + OneLine.of(keyId, 64)
                    + ", which this reader does not hold: destroyed at erasure or at the end of its retention,"
                    + " or not granted";
        }
    }
}
