package org.ddrrbus.auditor.access;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.auditor.AuditFailure;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.auditor.bus.Connection;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.keys.SigningKeys;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AuditAccessRecorded;

/**
 * Records a run in {@code ddrr.audit-access} and waits until every in-sync replica has it. The auditor may read
 * everything, so what keeps it honest is that nothing it reads goes unrecorded: when the record cannot be written
 * and acknowledged, the command stops before reading.
 *
 * <p>The record is an ordinary event of the catalogue, signed with the auditor's own key, so the log can be verified
 * like the ledger.
 */
public final class AccessLog {

    private final Connection connection;
    private final EventCodec codec;
    private final Clock clock;

    public AccessLog(Connection connection, EventCodec codec, Clock clock) {
        this.connection = connection;
        this.codec = codec;
        this.clock = clock;
    }

    /** The record as it will be sent: sealed as an event of the principal and signed by its key. */
    public ProducerRecord<String, byte[]> seal(AccessRequest request, SigningKey key) {
        AuditAccessRecorded event = request.event(
                connection.principal(), connection.user(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        ProducerRecord<String, byte[]> record =
                codec.seal(Topics.AUDIT_ACCESS, codec.envelope(connection.principal(), event));
        RecordSigner.sender(key).signEvents(List.of(record.headers()), List.of(record.value()));
        return record;
    }

    /** Records the run, signed with the auditor's key that the key directory says speaks for it now. */
    public void record(AccessRequest request, SigningKeys own) {
        SigningKey key;
        try {
            key = own.current();
        } catch (RuntimeException e) {
            throw AuditFailure.unavailable(
                    "cannot record this access, so nothing was read: " + AuditMain.oneLine(e), e);
        }
        ProducerRecord<String, byte[]> record = seal(request, key);
        try (KafkaProducer<String, byte[]> producer = connection.producer()) {
            producer.send(record).get(connection.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw AuditFailure.unavailable("interrupted while recording this access; nothing was read", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw AuditFailure.unavailable(
                    "cannot record this access in " + Topics.AUDIT_ACCESS + ", so nothing was read: "
                            + AuditMain.oneLine(cause),
                    e);
        }
    }
}
