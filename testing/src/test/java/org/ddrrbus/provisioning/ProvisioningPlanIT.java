package org.ddrrbus.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.awaitility.Awaitility;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Plan and apply against a broker of this class's own, since it changes what is provisioned. */
class ProvisioningPlanIT {

    private static TestBus bus;

    @BeforeAll
    static void start() {
        bus = TestBus.start(AgreementLoader.loadDefault());
    }

    @AfterAll
    static void stop() {
        bus.close();
    }

    private Provisioner provisioner(Admin admin, SharingAgreement agreement) {
        return new Provisioner(admin, DesiredState.from(agreement, TopicLayout.singleNode()), bus.credentials());
    }

    @Test
    void applyingTwiceChangesNothing() {
        try (Admin admin = bus.admin()) {
            Provisioner provisioner = provisioner(admin, bus.agreement());

            ProvisioningPlan second = provisioner.applyAgreement(false);

            assertThat(second.isEmpty()).isTrue();
            assertThat(second.render()).isEqualTo("no changes: the cluster matches the agreement");
        }
    }

    /** A shared cluster: other applications' users stay, and no partner's password is reset or made up. */
    @Test
    void usersOutsideTheAgreementStayAndNoPasswordIsResetOrMadeUp() throws Exception {
        try (Admin admin = bus.admin()) {
            Provisioner.setPassword(admin, "billing-app", Credentials.generate(24));
            // An installation that knows other passwords than the ones the users have: it must not set them.
            Credentials elsewhere = Credentials.inMemory();
            elsewhere.passwordFor("iom");
            Provisioner provisioner =
                    new Provisioner(admin, DesiredState.from(bus.agreement(), TopicLayout.singleNode()), elsewhere);

            ProvisioningPlan plan = provisioner.applyAgreement(false);

            assertThat(plan.setPasswords()).isEmpty();
            assertThat(plan.missingUsers()).isEmpty();
            assertThat(plan.render()).doesNotContain("user");
            assertThat(admin.describeUserScramCredentials().all().get()).containsKey("billing-app");
            try (Admin asIom = Admin.create(bus.clientProperties("iom"))) {
                assertThat(asIom.describeCluster().clusterId().get()).isNotBlank();
            }
        }
    }

    @Test
    void aPrincipalWithoutAUserIsListedForEnrolment() throws Exception {
        try (Admin admin = bus.admin()) {
            admin.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialDeletion(
                            "embassy-nl", org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512)))
                    .all()
                    .get();
            Provisioner provisioner = new Provisioner(
                    admin, DesiredState.from(bus.agreement(), TopicLayout.singleNode()), Credentials.inMemory());

            ProvisioningPlan plan = provisioner.plan(false);

            assertThat(plan.missingUsers()).containsExactly("embassy-nl");
            assertThat(plan.render())
                    .contains("! user embassy-nl has no password yet: ./ddrr partner enrol embassy-nl gives it one");
            Provisioner.setPassword(admin, "embassy-nl", bus.passwordOf("embassy-nl"));
        }
    }

    @Test
    void aclTheAgreementDoesNotGrantIsShownAndRemoved() throws Exception {
        try (Admin admin = bus.admin()) {
            AclBinding snooping = DesiredState.allow(
                    "iom", ResourceType.TOPIC, Topics.inbox("nctc"), PatternType.LITERAL, AclOperation.READ);
            admin.createAcls(List.of(snooping)).all().get();
            Provisioner provisioner = provisioner(admin, bus.agreement());

            // An ACL reaches the broker's metadata a moment after the controller commits it, both ways.
            ProvisioningPlan plan = Awaitility.await("the broker to list the new ACL")
                    .atMost(Duration.ofSeconds(15))
                    .until(() -> provisioner.plan(false), p -> !p.revoke().isEmpty());
            assertThat(plan.revoke()).containsExactly(snooping);
            assertThat(plan.render()).contains("- revoke User:iom READ topic ddrr.inbox.nctc");

            provisioner.apply(plan);
            Awaitility.await("the broker to drop the revoked ACL")
                    .atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(admin.describeAcls(snooping.toFilter())
                                    .values()
                                    .get())
                            .isEmpty());
            assertThat(provisioner.plan(false).isEmpty()).isTrue();
        }
    }

    @Test
    void widenedAgreementShowsTheNewGrantsInThePlan() throws Exception {
        String widened = Files.readString(Path.of("../config/sharing-agreement.yaml"))
                .replace("""
                  embassy-us:
                    name: Embassy of the United States
                    roles: [donor]""".indent(2).stripTrailing(), """
                  embassy-us:
                    name: Embassy of the United States
                    roles: [donor, auditor]""".indent(2).stripTrailing());
        SharingAgreement agreement = new AgreementLoader(EventCatalogue.get()).parse(widened, "widened.yaml");
        try (Admin admin = bus.admin()) {
            ProvisioningPlan plan = provisioner(admin, agreement).plan(false);

            assertThat(plan.render())
                    .contains("+ grant User:embassy-us READ topic ddrr.outbox.*   [widens access]")
                    .contains("widen access");
        }
    }

    @Test
    void topicHoldingDataIsKeptUnlessDeletionIsAllowed() throws Exception {
        try (Admin admin = bus.admin();
                KafkaProducer<String, byte[]> producer =
                        TestBus.producer(bus.broker().adminClientProperties())) {
            admin.createTopics(
                            List.of(new org.apache.kafka.clients.admin.NewTopic("ddrr.outbox.retired", 1, (short) 1)))
                    .all()
                    .get();
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("ddrr.inbox.retired", 1, (short) 1)))
                    .all()
                    .get();
            producer.send(new ProducerRecord<>("ddrr.outbox.retired", "KE-1", new byte[] {1}))
                    .get();
            Provisioner provisioner = provisioner(admin, bus.agreement());

            ProvisioningPlan plan = provisioner.plan(false);
            assertThat(plan.keptTopics()).containsExactly("ddrr.outbox.retired");
            assertThat(plan.deleteTopics()).containsExactly("ddrr.inbox.retired");
            assertThat(plan.render())
                    .contains("! topic ddrr.outbox.retired is no longer in the agreement but holds data: kept");
            provisioner.apply(plan);
            assertThat(admin.listTopics().names().get())
                    .contains("ddrr.outbox.retired")
                    .doesNotContain("ddrr.inbox.retired");

            ProvisioningPlan allowed = provisioner.plan(true);
            assertThat(allowed.deleteTopics()).containsExactly("ddrr.outbox.retired");
            provisioner.apply(allowed);
            // Deleting a topic completes in the controller before every listing stops showing it.
            org.awaitility.Awaitility.await("the retired outbox to be gone")
                    .atMost(java.time.Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(admin.listTopics().names().get()).doesNotContain("ddrr.outbox.retired"));
        }
    }

    @Test
    void topicsCarryTheAgreementsRetention() throws Exception {
        try (Admin admin = bus.admin()) {
            var resource = new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, Topics.outbox("nctc"));
            Map<String, String> configs = Map.of(
                    "retention.ms",
                    admin.describeConfigs(Set.of(resource))
                            .all()
                            .get()
                            .get(resource)
                            .get("retention.ms")
                            .value());

            long days = Long.parseLong(configs.get("retention.ms")) / (24L * 60 * 60 * 1000);
            assertThat(days)
                    .as("ten years of the longest retention in the agreement")
                    .isBetween(3650L, 3653L);
        }
    }

    /** Keyed topics never grow: a new partition count would move people's events away from their record. */
    @Test
    void aLayoutWithMorePartitionsIsRefusedForEveryKeyedTopic() throws Exception {
        try (Admin admin = bus.admin()) {
            Provisioner wider = new Provisioner(
                    admin,
                    DesiredState.from(bus.agreement(), new TopicLayout(6, (short) 1, java.util.Optional.empty())),
                    bus.credentials());

            ProvisioningPlan plan = wider.plan(false);
            wider.apply(plan);

            assertThat(plan.keptPartitions()).containsEntry(Topics.outbox("iom"), 3);
            assertThat(plan.render())
                    .contains("! topic ddrr.outbox.iom has 3 partitions, not the layout's: kept, since a keyed topic"
                            + " never changes its partition count");
            assertThat(admin.describeTopics(List.of(Topics.outbox("iom")))
                            .allTopicNames()
                            .get()
                            .get(Topics.outbox("iom"))
                            .partitions())
                    .hasSize(3);
        }
    }
}
