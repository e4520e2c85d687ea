package org.ddrrbus.auditor.commands;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.access.AccessLog;
import org.ddrrbus.auditor.access.AccessRequest;
import org.ddrrbus.auditor.bus.Connection;
import org.ddrrbus.auditor.bus.LogReader;
import org.ddrrbus.auditor.bus.Progress;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.check.TopicKind;
import org.ddrrbus.auditor.output.Redaction;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.KeyDirectory;
import org.ddrrbus.client.keys.KeyDirectoryException;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.events.EventType;

/**
 * One run of a command: the agreement, the connection, and the order every command follows — check the input, plan
 * the read from offsets alone, record the access, and only then read.
 */
final class Session implements AutoCloseable {

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}");
    private static final Pattern SUBJECT = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private final SharingAgreement agreement;
    private final Connection connection;
    private final EventCodec codec = new EventCodec();
    private final PrintWriter out;
    private final PrintWriter err;
    private KafkaConsumer<String, byte[]> consumer;
    private KeyDirectory directory;
    private boolean recorded;

    Session(SharingAgreement agreement, Connection connection, PrintWriter out, PrintWriter err) {
        this.agreement = agreement;
        this.connection = connection;
        this.out = out;
        this.err = err;
    }

    SharingAgreement agreement() {
        return agreement;
    }

    EventCatalogue catalogue() {
        return codec.catalogue();
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    LogReader reader() {
        if (consumer == null) {
            consumer = connection.consumer();
        }
        return new LogReader(consumer, connection.timeout());
    }

    Progress progress(long total) {
        return Progress.on(err, total);
    }

    /** A topic the auditor judges: an outbox, an inbox, a quarantine or the key holder's record of key grants. */
    String auditedTopic(String topic) {
        if (TopicKind.of(topic).isEmpty()) {
            throw AuditFailure.badInput("the auditor reads outboxes (" + Topics.OUTBOX_PREFIX + "<agency>), inboxes ("
                    + Topics.INBOX_PREFIX + "<agency>), the quarantines (" + Topics.QUARANTINE + ", "
                    + Topics.QUARANTINE_PREFIX
                    + "<agency>) and the key grants (" + Topics.KEY_GRANTS + "); '" + topic + "' is none of them");
        }
        return topic;
    }

    /** The stated purpose of the run, which must be one of the agreement's. */
    Optional<String> purpose(String purpose) {
        if (purpose == null) {
            return Optional.empty();
        }
        if (!agreement.purposes().containsKey(purpose)) {
            throw AuditFailure.badInput("unknown purpose '" + purpose + "': the agreement's purposes are "
                    + String.join(
                            ", ",
                            agreement.purposes().keySet().stream().sorted().toList()));
        }
        return Optional.of(purpose);
    }

    Optional<String> reference(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        if (!REFERENCE.matcher(reference).matches()) {
            throw AuditFailure.badInput(
                    "--reference must be a case or ticket code (letters, digits and . _ / : -, at most "
                            + "64), never free text");
        }
        return Optional.of(reference);
    }

    String subject(String subject) {
        if (!SUBJECT.matcher(subject).matches()) {
            throw AuditFailure.badInput(
                    "'" + subject + "' is not a case code (1 to 128 printable characters, no spaces)");
        }
        return subject;
    }

    Filters filters(String subject, String type, String agency, String deliveryPurpose) {
        Optional<String> eventType = Optional.ofNullable(type)
                .map(t -> catalogue()
                        .byName(t)
                        .or(() -> catalogue().byCloudEventType(t))
                        .map(EventType::name)
                        .orElseThrow(() -> AuditFailure.badInput("unknown event type '" + t + "' (known: "
                                + String.join(
                                        ", ",
                                        catalogue().types().stream()
                                                .map(EventType::name)
                                                .toList()) + ")")));
        if (agency != null && agreement.agency(agency).isEmpty() && !Components.EXCHANGE.equals(agency)) {
            throw AuditFailure.badInput("unknown agency '" + agency + "': the agreement names "
                    + String.join(
                            ", ",
                            agreement.agencies().keySet().stream().sorted().toList()));
        }
        if (deliveryPurpose != null && !agreement.purposes().containsKey(deliveryPurpose)) {
            throw AuditFailure.badInput("unknown purpose '" + deliveryPurpose + "' in --delivery-purpose");
        }
        return new Filters(
                Optional.ofNullable(subject).map(this::subject),
                eventType,
                Optional.ofNullable(agency),
                Optional.ofNullable(deliveryPurpose));
    }

    Redaction redaction(Optional<String> purpose) {
        return Redaction.forPurpose(agreement, catalogue(), purpose);
    }

    /**
     * Records the access; nothing may be read before this returns. First the key directory is read from the bus
     * (public keys only, no event), trusting only the operator's directory key: it tells which of the auditor's own
     * keys signs the access record, and every key the records will be verified with.
     */
    void record(AccessRequest request) {
        Path anchorFile = connection.keysDir().resolve(DirectoryAnchor.FILE_NAME);
        DirectoryAnchor anchor;
        try {
            anchor = DirectoryAnchor.read(anchorFile);
        } catch (KeyDirectoryException e) {
            throw AuditFailure.badInput(
                    e.getMessage() + "; point --keys-dir at a folder that holds it (data/keys of" + " ./ddrr up)");
        }
        try {
            directory = KeyDirectory.follow(connection.kafkaProperties(), anchor, connection.timeout());
        } catch (KeyDirectoryException e) {
            throw AuditFailure.unavailable("cannot read the key directory, so nothing was read: " + e.getMessage(), e);
        }
        SigningKeys own = new SigningKeys(
                PrivateKeys.at(connection.keysDir().resolve("private"), connection.principal()),
                directory,
                Clock.systemUTC());
        new AccessLog(connection, codec, Clock.systemUTC()).record(request, own);
        recorded = true;
    }

    /** The judge of records, with the key directory as the bus holds it now, later revocations included. */
    Inspector inspector() {
        if (!recorded) {
            throw new IllegalStateException("a run must record its access before it reads");
        }
        return new Inspector(agreement, codec, new SignatureVerifier(directory));
    }

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
        if (directory != null) {
            directory.close();
        }
    }
}
