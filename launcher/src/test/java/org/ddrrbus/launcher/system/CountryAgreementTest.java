package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.federation.agreement.FederationAgreement;
import org.ddrrbus.federation.agreement.FederationLoader;
import org.junit.jupiter.api.Test;

/** Which sharing agreement the bus of a country runs with: each bus its own. */
class CountryAgreementTest {

    /** The repository's folder: the tests run in launcher/. */
    private static final Path REPO = Path.of("..");

    @Test
    void kenyasBusReadsTheAgreementAndAnotherCountrysItsOwnFile() {
        assertThat(Workspace.agreementPath("ke")).isEqualTo(Path.of("config", "sharing-agreement.yaml"));
        assertThat(Workspace.agreementPath("so")).isEqualTo(Path.of("config", "sharing-agreement-so.yaml"));
        assertThat(Workspace.agreementPath("et")).isEqualTo(Path.of("config", "sharing-agreement-et.yaml"));
    }

    @Test
    void anotherCountryWithoutItsOwnAgreementIsRefusedNotGivenKenyas() {
        // launcher/ has no config/ folder: Kenya's bus falls back to the shipped copy, another country's may not.
        assertThat(Workspace.agreementFile("ke")).isEmpty();
        assertThatThrownBy(() -> Workspace.agreementFile("so"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no sharing agreement for bus so: each bus has its own, and bus so's is "
                        + Path.of("config", "sharing-agreement-so.yaml"));
    }

    @Test
    void theShippedFederationAgreementHoldsAgainstEachBusOwnAgreement() {
        SharingAgreement ke = AgreementLoader.load(REPO.resolve(Workspace.agreementPath("ke")));
        SharingAgreement so = AgreementLoader.load(REPO.resolve(Workspace.agreementPath("so")));

        assertThat(so.agency("iom").orElseThrow().name()).isEqualTo("IOM border returns office");
        assertThat(ke.agency("iom").orElseThrow().name()).isEqualTo("IOM reintegration programme");
        FederationAgreement federation = FederationLoader.load(
                REPO.resolve("config").resolve(FederationLoader.FILE_NAME), Map.of("ke", ke, "so", so));
        assertThat(federation.buses()).containsOnlyKeys("ke", "so");
        assertThat(federation.flow("so", "ke", "BorderReturnRecorded", "iom")).isPresent();
    }
}
