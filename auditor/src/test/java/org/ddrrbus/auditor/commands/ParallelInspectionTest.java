package org.ddrrbus.auditor.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.ddrrbus.auditor.check.Inspection;
import org.ddrrbus.auditor.check.Inspector;
import org.ddrrbus.auditor.check.Verdict;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.testing.Wire;
import org.junit.jupiter.api.Test;

class ParallelInspectionTest {

    private final Wire wire = new Wire();
    private final Inspector inspector = new Inspector(AgreementLoader.loadDefault(), Wire.CODEC, wire.verifier());

    @Test
    void everyRecordIsJudgedOnceAndHandedOnInReadOrderToTheHandlerOfItsTopic() {
        int records = 2 * ParallelInspection.BATCH + 7;
        List<ConsumerRecord<String, byte[]>> first = new ArrayList<>();
        for (int offset = 0; offset < records; offset++) {
            ConsumerRecord<String, byte[]> record = wire.ledger("nctc", Wire.registered("KE-" + offset), offset);
            if (offset % 3 == 0) {
                byte[] changed = record.value().clone();
                changed[changed.length - 1] ^= 0x02;
                record = Wire.withValue(record, changed);
            }
            first.add(record);
        }
        List<ConsumerRecord<String, byte[]>> second =
                List.of(wire.ledger("nctc", Wire.registered("KE-LAST"), 0), first.get(1));
        List<Inspection> fromFirst = new ArrayList<>();
        List<Inspection> fromSecond = new ArrayList<>();

        try (ParallelInspection inspecting = new ParallelInspection(inspector, 3)) {
            inspecting.handTo(fromFirst::add);
            first.forEach(inspecting::inspect);
            inspecting.handTo(fromSecond::add);
            second.forEach(inspecting::inspect);
            inspecting.finish();
        }

        assertThat(fromFirst)
                .extracting(Inspection::offset)
                .containsExactlyElementsOf(
                        first.stream().map(ConsumerRecord::offset).toList());
        assertThat(fromFirst)
                .extracting(inspection -> inspection.verdict() instanceof Verdict.Verified)
                .containsExactlyElementsOf(
                        first.stream().map(record -> record.offset() % 3 != 0).toList());
        assertThat(fromSecond)
                .extracting(inspection -> inspection.verdict().passed())
                .containsExactly(true, true);
        assertThat(fromSecond.get(0).key()).contains("KE-LAST");
    }
}
