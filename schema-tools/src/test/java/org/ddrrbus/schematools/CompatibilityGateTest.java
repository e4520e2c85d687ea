package org.ddrrbus.schematools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityGateTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(
                CompatibilityGateTest.class.getResource("/catalogues/" + name).toURI());
    }

    @Test
    void newOptionalFieldWithDefaultIsAccepted() throws Exception {
        SchemaCatalogue catalogue = SchemaCatalogue.load(fixture("compatible"));

        assertThat(BuildSchemas.verify(catalogue)).isEmpty();
    }

    @Test
    void newRequiredFieldWithoutDefaultIsRefusedNamingTheField() throws Exception {
        SchemaCatalogue catalogue = SchemaCatalogue.load(fixture("incompatible"));

        List<Finding> findings = BuildSchemas.verify(catalogue);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.file()).isEqualTo("ReferralIssued/v2.avsc");
            assertThat(f.message())
                    .contains("backward")
                    .contains("ReferralIssued v2 cannot read ReferralIssued v1")
                    .contains("field 'followUpWeeks'")
                    .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        });
    }

    @Test
    void enumSymbolAddedWithoutDefaultBreaksOldReaders() throws Exception {
        SchemaCatalogue catalogue = SchemaCatalogue.load(fixture("enum-without-default"));

        assertThat(BuildSchemas.verify(catalogue))
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("forward")
                        .contains("ReferralDeclined v1 cannot read ReferralDeclined v2")
                        .contains("field 'reasonCode'")
                        .contains("OUTSIDE_MANDATE"));
    }

    @Test
    void personalIdentifierFieldsAreRefusedEvenWhenNested() throws Exception {
        SchemaCatalogue catalogue = SchemaCatalogue.load(fixture("personal"));

        assertThat(BuildSchemas.verify(catalogue))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("'fullName'"))
                .anySatisfy(m -> assertThat(m).contains("'contact.phoneNumber'"));
    }

    @Test
    void buildStepFailsWithTheFindingsAndGeneratesNothing(@TempDir Path out) throws Exception {
        Path java = out.resolve("java");

        assertThatThrownBy(() -> BuildSchemas.main(new String[] {
                    fixture("incompatible").toString(),
                    java.toString(),
                    out.resolve("res").toString()
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("schema catalogue refused")
                .hasMessageContaining("followUpWeeks");
        assertThat(java).doesNotExist();
    }

    @Test
    void buildStepGeneratesLatestVersionAndPackagesEveryVersion(@TempDir Path out) throws Exception {
        BuildSchemas.main(new String[] {
            fixture("compatible").toString(),
            out.resolve("java").toString(),
            out.resolve("res").toString()
        });

        String generated = Files.readString(out.resolve("java/org/ddrrbus/events/ReferralIssued.java"));
        assertThat(generated).contains("followUpWeeks");
        assertThat(Files.readAllLines(out.resolve("res/ddrr-schemas/index")))
                .containsExactly("ReferralIssued/v1.avsc", "ReferralIssued/v2.avsc");
    }

    @Test
    void versionsMustBeNumberedWithoutGaps(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("ReferralIssued"));
        Files.copy(fixture("compatible").resolve("ReferralIssued/v1.avsc"), dir.resolve("v1.avsc"));
        Files.copy(fixture("compatible").resolve("ReferralIssued/v2.avsc"), dir.resolve("v3.avsc"));

        assertThat(BuildSchemas.verify(SchemaCatalogue.load(root)))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("expected v2"));
    }

    /** The exchange's state schemas pass the same gate under their own namespace, and are no events. */
    @Test
    void theStateSchemasAreGatedUnderTheirOwnNamespace() {
        SchemaCatalogue state = SchemaCatalogue.load(Path.of("../schemas/src/main/state"));

        assertThat(state.events()).contains("SubjectState");
        assertThat(BuildSchemas.verify(state, CatalogueRules.STATE_NAMESPACE)).isEmpty();
        assertThat(BuildSchemas.verify(state))
                .extracting(Finding::message)
                .contains("namespace must be org.ddrrbus.events, not org.ddrrbus.state");
    }

    /** A state version that drops a field without a default would leave an older exchange unable to read it. */
    @Test
    void anIncompatibleStateVersionIsRefused(@TempDir Path root) throws Exception {
        Path dir = Files.createDirectories(root.resolve("SubjectState"));
        Files.copy(Path.of("../schemas/src/main/state/SubjectState/v1.avsc"), dir.resolve("v1.avsc"));
        Files.writeString(dir.resolve("v2.avsc"), """
                {"type": "record", "name": "SubjectState", "namespace": "org.ddrrbus.state",
                 "doc": "A person's file, with a flag that has no default.",
                 "fields": [{"name": "erased", "type": "boolean"}]}
                """);

        assertThat(BuildSchemas.verify(SchemaCatalogue.load(root), CatalogueRules.STATE_NAMESPACE))
                .extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("field 'erased'"));
    }
}
