package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.federation.link.FederationSetup;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.ProvisioningPlan;
import org.ddrrbus.provisioning.TopicLayout;
import org.ddrrbus.testing.TestBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./ddrr up provisions a bus again at every start: a bus ./ddrr federate linked keeps its link's topics and ACLs. */
class KeptLinkIT {

    private static final Path AGREEMENT = Path.of("../config/federation-agreement.yaml");

    @TempDir
    Path elsewhere;

    @Test
    void aLinkedBusKeepsItsLinksTopicsAndAclsWhileTheFederationAgreementLinksIt() throws Exception {
        SharingAgreement national = AgreementLoader.loadDefault();
        try (TestBus bus = TestBus.start(national);
                Admin admin = Admin.create(bus.broker().adminClientProperties())) {
            // As ./ddrr federate leaves bus ke.
            FederationSetup.apply(admin, "ke", "so", FederationTopics.PARTITIONS, Set.of("auditor"));
            FederationSetup.mirrorMaker(admin, "ke", "so", Credentials.generate(24));
            List<AclBinding> link = new ArrayList<>(FederationSetup.acls("ke", "so", Set.of("auditor")));
            link.addAll(FederationSetup.mirrorMakerAcls("ke", "so"));
            List<String> topics = List.of(
                    FederationTopics.flow("ke", "so"),
                    FederationTopics.flow("so", "ke"),
                    FederationTopics.seen("so", "ke"));

            StringWriter told = new StringWriter();
            ProvisioningPlan again = plan(admin, national, AGREEMENT, told);

            assertThat(again.revoke()).doesNotContainAnyElementsOf(link);
            assertThat(again.deleteTopics()).doesNotContainAnyElementsOf(topics);
            assertThat(told.toString()).contains("kept the federation link to bus so");

            // Without the federation agreement, the link ends at the restart: its ddrr-named ACLs are revoked.
            ProvisioningPlan unlinked = plan(admin, national, elsewhere.resolve("missing.yaml"), new StringWriter());
            assertThat(unlinked.revoke())
                    .contains(FederationSetup.mirrorMakerAcls("ke", "so").get(0))
                    .containsAll(FederationSetup.acls("ke", "so", Set.of("auditor")));
        }
    }

    private static ProvisioningPlan plan(Admin admin, SharingAgreement national, Path agreement, StringWriter told) {
        DesiredState desired = KeptLink.keep(
                DesiredState.from(national, TopicLayout.singleNode()),
                admin,
                "ke",
                national,
                agreement,
                new PrintWriter(told, true));
        return new Provisioner(admin, desired, Credentials.inMemory()).plan(false);
    }
}
