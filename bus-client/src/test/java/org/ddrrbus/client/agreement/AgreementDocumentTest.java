package org.ddrrbus.client.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AgreementDocumentTest {

    @Test
    void publishedPageMatchesTheAgreementFile() throws Exception {
        String rendered = AgreementDocument.render(AgreementLoader.load(Path.of("../config/sharing-agreement.yaml")));
        Path page = Path.of("../docs/sharing-agreement.md");

        assertThat(page)
                .as("docs/sharing-agreement.md exists; generate it with ./ddrr agreement docs")
                .exists();
        assertThat(Files.readString(page))
                .as(
                        "docs/sharing-agreement.md differs from config/sharing-agreement.yaml; regenerate it with ./ddrr agreement docs")
                .isEqualTo(rendered);
    }

    @Test
    void pageShowsWithheldFields() {
        String rendered = AgreementDocument.render(AgreementLoader.load(Path.of("../config/sharing-agreement.yaml")));

        assertThat(rendered)
                .contains("| ReturneeRegistered | `county` | community-services | not required |")
                .contains("| returnRoute |");
    }
}
