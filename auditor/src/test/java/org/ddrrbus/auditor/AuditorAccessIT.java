package org.ddrrbus.auditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.signing.SignatureCheck;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.AuditAccessRecorded;
import org.ddrrbus.events.AuditOperation;
import org.ddrrbus.testing.TestBus;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the auditor's credentials may do on the locked-down broker, and that every run leaves a signed trace. */
class AuditorAccessIT {

    private static final TestBus bus = TestBus.shared();

    private static List<AuditAccessRecorded> accessLogBy(String user) {
        // The auditor may write the access log but not read it; the broker's super user reads it here.
        List<AuditAccessRecorded> found = new ArrayList<>();
        try (var consumer = TestBus.consumer(bus.broker().adminClientProperties())) {
            for (ConsumerRecord<String, byte[]> record : TestBus.readAll(consumer, Topics.AUDIT_ACCESS)) {
                // Other tests write raw bytes here to prove the auditor may; only the access records count.
                if (new EventCodec().open(record) instanceof Opened.Valid valid
                        && valid.envelope().event() instanceof AuditAccessRecorded access
                        && access.getAuditorUser().equals(user)) {
                    assertThat(bus.verifier().checkEvent(record.headers(), record.value(), record.timestamp()))
                            .isInstanceOfSatisfying(
                                    SignatureCheck.Valid.class,
                                    v -> assertThat(v.signer()).isEqualTo("auditor"));
                    assertThat(valid.envelope().sender()).isEqualTo("auditor");
                    found.add(access);
                }
            }
        }
        return found;
    }

    private static Throwable sendAsAuditor(KafkaProducer<String, byte[]> producer, String topic) {
        try {
            producer.send(new ProducerRecord<>(topic, "KE-AUDITOR-WRITE", "x".getBytes(StandardCharsets.UTF_8)))
                    .get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void theAuditorsCredentialsCannotWriteAnyOutboxInboxOrTheQuarantine() {
        List<String> topics = new ArrayList<>();
        for (Agency agency : bus.agreement().exchangingAgencies()) {
            topics.add(Topics.outbox(agency.id()));
            topics.add(Topics.inbox(agency.id()));
        }
        topics.add(Topics.QUARANTINE);

        try (KafkaProducer<String, byte[]> producer = TestBus.producer(bus.clientProperties("auditor"))) {
            for (String topic : topics) {
                assertThat(sendAsAuditor(producer, topic)).as(topic).isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void theAuditorsCredentialsCanWriteTheAccessLog() {
        try (KafkaProducer<String, byte[]> producer = TestBus.producer(bus.clientProperties("auditor"))) {
            assertThat(sendAsAuditor(producer, Topics.AUDIT_ACCESS)).isNull();
        }
    }

    @Test
    void everyRunIsRecordedWithWhoWhatWhyAndWhenSignedByTheAuditor() {
        String user = "it-" + UUID.randomUUID().toString().substring(0, 8);

        Audit.Result run = Audit.raw(
                "replay",
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--as",
                user,
                "--topic",
                Topics.inbox("cicc"),
                "--subject",
                "KE-NOBODY-1",
                "--purpose",
                "oversight",
                "--reference",
                "OVS-2026-7",
                "--from-offset",
                "0");

        assertThat(run.exit()).as(run.err()).isZero();
        List<AuditAccessRecorded> recorded = accessLogBy(user);
        assertThat(recorded).singleElement().satisfies(access -> {
            assertThat(access.getPrincipal()).isEqualTo("auditor");
            assertThat(access.getOperation()).isEqualTo(AuditOperation.REPLAY);
            assertThat(access.getTopics()).containsExactly(Topics.inbox("cicc"));
            assertThat(access.getPurpose()).isEqualTo("oversight");
            assertThat(access.getReference()).isEqualTo("OVS-2026-7");
            assertThat(access.getSubjectFilter()).isEqualTo("KE-NOBODY-1");
            assertThat(access.getFromOffset()).isEqualTo(0L);
            assertThat(access.getProtectedFieldsShown()).isTrue();
            assertThat(access.getAt()).isNotNull();
        });
    }

    @Test
    void aRunWhoseAccessCannotBeRecordedShowsNothing(@TempDir Path keys) throws Exception {
        // The directory's trust anchor to verify with, but no signing key of the auditor: the access cannot be signed.
        Files.copy(bus.keysDir().resolve(DirectoryAnchor.FILE_NAME), keys.resolve(DirectoryAnchor.FILE_NAME));
        Files.writeString(keys.resolve("private"), "not a directory");

        Audit.Result run = Audit.raw(
                "replay",
                "--bootstrap",
                bus.bootstrapServers(),
                "--password",
                bus.passwordOf("auditor"),
                "--keys-dir",
                keys.toString(),
                "--topic",
                Topics.outbox("nctc"),
                "--purpose",
                "oversight");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("audit: cannot record this access, so nothing was read: no signing key of auditor in ");
    }

    @Test
    void aPrincipalThatMayReadButNotWriteTheAccessLogIsShownNothing() {
        bus.publish(
                "nctc",
                Wire.registered("KE-ACCS-"
                        + UUID.randomUUID().toString().substring(0, 4).toUpperCase()));

        // nctc may read its own inbox, but it may not write the access log, so the auditor refuses to read for it.
        Audit.Result run = Audit.raw(
                "replay",
                "--bootstrap",
                bus.bootstrapServers(),
                "--principal",
                "nctc",
                "--password",
                bus.passwordOf("nctc"),
                "--keys-dir",
                bus.keysDir().toString(),
                "--topic",
                Topics.inbox("nctc"),
                "--purpose",
                "oversight");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("audit: cannot record this access in ddrr.audit-access, so nothing was read: ");
        if (run.err().contains("Exception")) {
            fail("a stack trace or exception name reached the user: " + run.err());
        }
    }
}
