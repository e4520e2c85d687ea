package org.ddrrbus.bench.pipe;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.Test;

class HeaderVariantsTest {

    private static Header[] record(String id, String proof) {
        return new Header[] {
            new RecordHeader("ce_type", "org.ddrrbus.ReferralIssued".getBytes(UTF_8)),
            new RecordHeader("ce_id", id.getBytes(UTF_8)),
            new RecordHeader("ddrr_sig_proof", proof.getBytes(UTF_8)),
        };
    }

    @Test
    void headersAndCharactersTheSamplesShareStayAndTheRestDifferPerRecordInLengthAndKind() {
        HeaderVariants variants = HeaderVariants.of(
                record("3f2a9c1e-0b7d-4e11-9a2b-6c1d2e3f4a5b", "AbC+/x0=:9f8e"),
                record("77aa01bc-1c2d-4f22-8b3c-7d2e3f4a5b6c", "ZyX+/q1=:0a1b"));

        assertThat(variants.varying()).isEqualTo(2);
        Set<String> ids = new HashSet<>();
        for (long n = 0; n < HeaderVariants.COUNT; n++) {
            Header[] headers = variants.get(n);
            assertThat(new String(headers[0].value(), UTF_8)).isEqualTo("org.ddrrbus.ReferralIssued");
            String id = new String(headers[1].value(), UTF_8);
            assertThat(id).matches("[a-z0-9]{8}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{12}");
            assertThat(id.substring(12, 15)).as("what both samples share stays").isEqualTo("d-4");
            ids.add(id);
            assertThat(new String(headers[2].value(), UTF_8))
                    .matches("[A-Za-z]{3}\\+/[a-z][0-9]=:[0-9][a-z][0-9][a-z]");
        }
        assertThat(ids).hasSize(HeaderVariants.COUNT);
        assertThat(variants.get(HeaderVariants.COUNT)).isSameAs(variants.get(0));
    }

    @Test
    void consecutiveRecordsCompressNoBetterThanTheirDifferingValuesAllow() {
        String id = "3f2a9c1e-0b7d-4e11-9a2b-6c1d2e3f4a5b";
        String signature = "k".repeat(88);
        HeaderVariants varying = HeaderVariants.of(record(id, signature), record(id.replace('3', '4'), "j".repeat(88)));
        HeaderVariants same = HeaderVariants.of(record(id, signature), record(id, signature));

        assertThat(compressedShare(same)).isLessThan(0.1);
        assertThat(compressedShare(varying)).isGreaterThan(0.5);
    }

    /** What lz4 leaves of 100 consecutive records' header values, as a batch holds them. */
    private static double compressedShare(HeaderVariants variants) {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (long n = 0; n < 100; n++) {
            for (Header header : variants.get(n)) {
                batch.writeBytes(header.value());
            }
        }
        byte[] plain = batch.toByteArray();
        byte[] compressed = LZ4Factory.fastestJavaInstance().fastCompressor().compress(plain);
        return (double) compressed.length / plain.length;
    }
}
