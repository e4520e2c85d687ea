package org.ddrrbus.auditor.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.events.EventCatalogue;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroWriterTest {

    private final Wire wire = new Wire();
    private final SharingAgreement agreement = AgreementLoader.loadDefault();
    private final Inspector inspector = new Inspector(agreement, Wire.CODEC, wire.verifier());

    private List<GenericRecord> exportAndReadBack(File file, Optional<String> purpose) throws Exception {
        var ledger = wire.ledger("nctc", Wire.registered("KE-V"), 5);
        try (FileOutputStream out = new FileOutputStream(file);
                AvroWriter writer = new AvroWriter(
                        out, EventCatalogue.get(), Redaction.forPurpose(agreement, EventCatalogue.get(), purpose))) {
            writer.write(inspector.inspect(ledger));
            writer.write(inspector.inspect(wire.delivery(
                    ledger,
                    "county",
                    "community-services",
                    "Statutory mandate of the national DDRR programme",
                    Set.of("returnRoute"))));
        }
        List<GenericRecord> rows = new ArrayList<>();
        // Read back as any Avro tool would: the schema from the file, generic records, no classes of this project.
        try (DataFileReader<GenericRecord> reader = new DataFileReader<>(file, new GenericDatumReader<>())) {
            reader.forEach(rows::add);
        }
        return rows;
    }

    @Test
    void anExportIsAnAvroContainerFileThatAGenericReaderReads(@TempDir Path dir) throws Exception {
        List<GenericRecord> rows =
                exportAndReadBack(dir.resolve("export.avro").toFile(), Optional.of("case-management"));

        assertThat(rows).hasSize(2);
        GenericRecord ledger = rows.get(0);
        assertThat(ledger.get("topic").toString()).isEqualTo("ddrr.outbox.nctc");
        assertThat(ledger.get("offset")).isEqualTo(5L);
        assertThat(ledger.get("verification").toString()).isEqualTo("verified");
        assertThat(ledger.get("eventType").toString()).isEqualTo("ReturneeRegistered");
        GenericRecord event = (GenericRecord) ledger.get("event");
        assertThat(event.getSchema().getFullName()).isEqualTo("org.ddrrbus.events.ReturneeRegistered");
        assertThat(event.get("county").toString()).isEqualTo("Kwale");
        assertThat(event.get("ageBand").toString()).isEqualTo("AGE_18_24");
        assertThat(event.get("returnRoute")).isNull();
        assertThat(ledger.get("redacted").toString()).isEqualTo("[returnRoute]");
        assertThat(ledger.get("value")).isNull();

        GenericRecord delivery = rows.get(1);
        assertThat(delivery.get("deliveryPurpose").toString()).isEqualTo("community-services");
        assertThat(delivery.get("withheld").toString()).isEqualTo("[returnRoute]");
        assertThat(delivery.get("redacted").toString()).isEqualTo("[]");
    }

    @Test
    void withTheOversightPurposeTheExportKeepsProtectedFieldsAndTheStoredBytes(@TempDir Path dir) throws Exception {
        List<GenericRecord> rows = exportAndReadBack(dir.resolve("export.avro").toFile(), Optional.of("oversight"));

        GenericRecord event = (GenericRecord) rows.get(0).get("event");
        assertThat(event.get("returnRoute").toString()).isEqualTo("VOLUNTARY_SURRENDER");
        assertThat(rows.get(0).get("value")).isNotNull();
    }
}
