package org.ddrrbus.auditor.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.ddrrbus.auditor.bus.Connection;
import org.ddrrbus.auditor.bus.Window;
import org.ddrrbus.auditor.check.Filters;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.events.AuditAccessRecorded;
import org.ddrrbus.events.AuditOperation;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private final Wire wire = new Wire();
    private final Connection connection = new Connection(
            "127.0.0.1:9092",
            "SASL_PLAINTEXT",
            "auditor",
            "secret",
            "alice",
            Path.of("keys"),
            Duration.ofSeconds(5),
            Map.of());
    private final AccessLog log = new AccessLog(
            connection, Wire.CODEC, Clock.fixed(Instant.parse("2026-04-01T09:30:00.123456Z"), ZoneOffset.UTC));

    @Test
    void theAccessRecordSaysWhoReadWhatWhyAndWhenAndIsSignedByTheAuditor() {
        AccessRequest request = new AccessRequest(
                AuditOperation.TRACE,
                List.of("ddrr.inbox.cicc", "ddrr.inbox.iom"),
                Optional.of("oversight"),
                Optional.of("OVS-2026-014"),
                Window.whole(),
                new Filters(Optional.of("KE-7Q2M-4XJD"), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty(),
                false,
                42);

        ProducerRecord<String, byte[]> record = log.seal(request, wire.key("auditor"));

        Opened opened =
                Wire.CODEC.open(new RecordOrigin(record.topic(), 0, 0, record.key()), record.headers(), record.value());
        assertThat(record.topic()).isEqualTo("ddrr.audit-access");
        assertThat(record.key()).isEqualTo("audit:auditor");
        assertThat(opened).isInstanceOf(Opened.Valid.class);
        Opened.Valid valid = (Opened.Valid) opened;
        assertThat(valid.envelope().sender()).isEqualTo("auditor");
        assertThat(valid.envelope().event())
                .isEqualTo(AuditAccessRecorded.newBuilder()
                        .setSubjectRef("audit:auditor")
                        .setPrincipal("auditor")
                        .setAuditorUser("alice")
                        .setOperation(AuditOperation.TRACE)
                        .setTopics(List.of("ddrr.inbox.cicc", "ddrr.inbox.iom"))
                        .setPurpose("oversight")
                        .setReference("OVS-2026-014")
                        .setSubjectFilter("KE-7Q2M-4XJD")
                        .setProtectedFieldsShown(false)
                        .setRecordsInRange(42L)
                        .setAt(Instant.parse("2026-04-01T09:30:00.123Z"))
                        .build());
        assertThat(wire.verifier()
                        .checkEvent(
                                record.headers(),
                                record.value(),
                                Instant.parse("2026-04-01T09:30:01Z").toEpochMilli()))
                .isInstanceOfSatisfying(
                        SignatureCheck.Valid.class, v -> assertThat(v.signer()).isEqualTo("auditor"));
    }
}
