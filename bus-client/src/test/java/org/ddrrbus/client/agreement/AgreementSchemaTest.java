package org.ddrrbus.client.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema of the agreement file (for editors and other tools) agrees with the file and with the
 * loader: it accepts the shipped agreement and refuses what the loader refuses for the same structural reasons.
 */
class AgreementSchemaTest {

    private static final Path FILE = Path.of("../config/sharing-agreement.yaml");

    private static List<Error> validate(String yaml) throws Exception {
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(Path.of("../config/sharing-agreement.schema.json")), InputFormat.JSON);
        return schema.validate(yaml, InputFormat.YAML);
    }

    @Test
    void shippedAgreementFollowsItsSchema() throws Exception {
        assertThat(validate(Files.readString(FILE))).isEmpty();
    }

    @Test
    void misspelledKeyUnknownRoleAndMissingConsentAreRefused() throws Exception {
        String yaml = Files.readString(FILE)
                .replaceFirst("legalBasis: Statutory border management", "legalbasis: Statutory border management")
                .replaceFirst("roles: \\[donor\\]", "roles: [sponsor]")
                .replaceFirst(
                        "        consent: not-required\n        fields: \\[subjectRef, county, recordedOn\\]",
                        "        fields: [subjectRef, county, recordedOn]");

        List<Error> errors = validate(yaml);

        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).contains("legalbasis"))
                .anySatisfy(e -> assertThat(e).startsWith("/agencies/embassy-dk/roles"))
                .anySatisfy(e -> assertThat(e).contains("consent"));
    }

    @Test
    void placeWithDigitsAndUnknownPlaceKeyAreRefused() throws Exception {
        String yaml = Files.readString(FILE)
                .replace("Kwale: [Msambweni,", "Kwale: [Amina 0722 000000, Msambweni,")
                .replace("  borderPoints:", "  crossings:");

        List<Error> errors = validate(yaml);

        assertThat(errors)
                .extracting(Error::toString)
                .anySatisfy(e -> assertThat(e).startsWith("/places/areas/Kwale/0"))
                .anySatisfy(e -> assertThat(e).contains("crossings"));
    }
}
