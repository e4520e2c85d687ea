package org.ddrrbus.dashboard.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.geography.Counties;
import org.junit.jupiter.api.Test;

/** Only places the agreement lists ever become a label that donors read. */
class LabelsTest {

    private final Labels labels =
            new Labels(Set.copyOf(Counties.ALL), AgreementLoader.loadDefault().places());

    @Test
    void listedAreaIsShownInItsListedSpelling() {
        assertThat(labels.area("kwale", " lunga  lunga ")).isEqualTo("Lunga Lunga");
    }

    @Test
    void nameThatLooksLikeAPlaceIsNeverShown() {
        // It has the shape of a place name; only the list tells it is not one.
        assertThat(labels.area("Kwale", "Amina Hassan")).isEqualTo(Labels.OTHER);
        assertThat(labels.area("Lamu", "Msambweni")).isEqualTo(Labels.OTHER);
        assertThat(labels.area("Atlantis", "Msambweni")).isEqualTo(Labels.OTHER);
    }
}
