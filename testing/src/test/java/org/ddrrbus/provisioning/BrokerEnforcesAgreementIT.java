package org.ddrrbus.provisioning;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;

/** The broker itself, not our code, refuses what the sharing agreement does not grant. */
class BrokerEnforcesAgreementIT {

    private final TestBus bus = TestBus.shared();

    private void read(String principal, String topic) {
        try (KafkaConsumer<String, byte[]> consumer = bus.consumer(principal)) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            consumer.poll(Duration.ofMillis(500));
        }
    }

    private void write(String principal, String topic) throws Exception {
        try (KafkaProducer<String, byte[]> producer = bus.producer(principal)) {
            producer.send(new ProducerRecord<>(topic, "KE-ACL-CHECK", new byte[] {1}))
                    .get();
        }
    }

    private List<String> agencies() {
        return bus.agreement().exchangingAgencies().stream().map(Agency::id).toList();
    }

    @Test
    void everyAgencyReadsItsOwnInboxAndNoOtherTopic() {
        for (String agency : agencies()) {
            assertThatCode(() -> read(agency, Topics.inbox(agency)))
                    .as(agency + " reads its inbox")
                    .doesNotThrowAnyException();
            for (String other : agencies()) {
                if (!other.equals(agency)) {
                    assertThatThrownBy(() -> read(agency, Topics.inbox(other)))
                            .as(agency + " reads the inbox of " + other)
                            .isInstanceOf(TopicAuthorizationException.class);
                }
                assertThatThrownBy(() -> read(agency, Topics.outbox(other)))
                        .as(agency + " reads the ledger topic of " + other)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
            assertThatThrownBy(() -> read(agency, Topics.QUARANTINE)).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void everyAgencyWritesOnlyItsOwnOutbox() {
        for (String agency : agencies()) {
            assertThatCode(() -> write(agency, Topics.outbox(agency)))
                    .as(agency + " writes its outbox")
                    .doesNotThrowAnyException();
            for (String other : agencies()) {
                if (!other.equals(agency)) {
                    assertThatThrownBy(() -> write(agency, Topics.outbox(other)))
                            .as(agency + " writes the outbox of " + other)
                            .isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(TopicAuthorizationException.class);
                }
            }
            assertThatThrownBy(() -> write(agency, Topics.inbox(agency)))
                    .as(agency + " writes into its own inbox")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> write(agency, Topics.QUARANTINE))
                    .as(agency + " forges a refusal in the exchange's quarantine")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatCode(() -> write(agency, Topics.quarantineOf(agency)))
                    .as(agency + " sets aside in its own quarantine")
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void donorsReadOnlyTheStatistics() {
        for (Agency donor : bus.agreement().agenciesWith(Role.DONOR)) {
            assertThatCode(() -> read(donor.id(), Topics.STATS)).doesNotThrowAnyException();
            for (String agency : agencies()) {
                assertThatThrownBy(() -> read(donor.id(), Topics.inbox(agency)))
                        .isInstanceOf(TopicAuthorizationException.class);
                assertThatThrownBy(() -> read(donor.id(), Topics.outbox(agency)))
                        .isInstanceOf(TopicAuthorizationException.class);
            }
            // A principal that may write nowhere is refused even a producer id: denied at the cluster level.
            assertThatThrownBy(() -> write(donor.id(), Topics.STATS)).hasCauseInstanceOf(AuthorizationException.class);
        }
    }

    @Test
    void auditorReadsEverythingAndWritesOnlyItsAccessLog() {
        for (String agency : agencies()) {
            assertThatCode(() -> read("auditor", Topics.outbox(agency))).doesNotThrowAnyException();
            assertThatCode(() -> read("auditor", Topics.inbox(agency))).doesNotThrowAnyException();
            assertThatThrownBy(() -> write("auditor", Topics.outbox(agency)))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> write("auditor", Topics.inbox(agency)))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThatCode(() -> read("auditor", Topics.QUARANTINE)).doesNotThrowAnyException();
        assertThatThrownBy(() -> write("auditor", Topics.QUARANTINE))
                .hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> write("auditor", Topics.STATS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        assertThatCode(() -> write("auditor", Topics.AUDIT_ACCESS)).doesNotThrowAnyException();
    }

    @Test
    void wrongPasswordIsRefusedAtLogin() {
        try (KafkaProducer<String, byte[]> intruder =
                TestBus.producer(bus.clientProperties("nctc", "not-the-password"))) {
            assertThatThrownBy(() -> intruder.send(new ProducerRecord<>(Topics.outbox("nctc"), "KE-1", new byte[] {1}))
                            .get())
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void unknownUserIsRefusedAtLogin() {
        try (KafkaConsumer<String, byte[]> stranger = TestBus.consumer(bus.clientProperties("journalist", "guess"))) {
            stranger.assign(List.of(new TopicPartition(Topics.inbox("nctc"), 0)));
            assertThatThrownBy(() -> stranger.poll(Duration.ofSeconds(5)))
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void everyPrincipalThatSignsOrVerifiesReadsTheKeyDirectoryAndNoneWritesIt() {
        List<String> readers = new ArrayList<>(agencies());
        readers.add("auditor");
        readers.add("exchange");
        readers.add("dashboard"); // it signs its requests for the keys of the people it counts
        for (String principal : readers) {
            assertThatCode(() -> read(principal, Topics.KEYS))
                    .as(principal + " reads the key directory")
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> write(principal, Topics.KEYS))
                    .as(principal + " writes a statement into the key directory")
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        for (Agency donor : bus.agreement().agenciesWith(Role.DONOR)) {
            assertThatThrownBy(() -> read(donor.id(), Topics.KEYS)).isInstanceOf(TopicAuthorizationException.class);
        }
    }
}
