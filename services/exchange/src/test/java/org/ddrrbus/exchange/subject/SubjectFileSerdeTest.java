package org.ddrrbus.exchange.subject;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.ddrrbus.state.ReferralStatus;
import org.ddrrbus.state.StateCodec;
import org.junit.jupiter.api.Test;

class SubjectFileSerdeTest {

    @Test
    void aFileIsWrittenAsTheAvroStateSchemaAndReadBack() {
        SubjectFile file = SubjectFile.EMPTY
                .with(new Consent(
                        "C-1",
                        "nctc",
                        Set.of("mentorship", "reintegration-support"),
                        Optional.of(LocalDate.of(2027, 1, 1)),
                        Set.of("mentorship"),
                        Set.of("cicc")))
                .with(new Referral("REF-1", "nctc", "iom", ReferralStatus.ACCEPTED))
                .with(Referral.arrived("RF-SO-1", "so", "iom", "iom").now(ReferralStatus.COMPLETED));

        byte[] bytes = SubjectFileSerde.write(file);

        assertThat(StateCodec.isSingleObject(bytes))
                .as("single-object encoded, C3 01")
                .isTrue();
        assertThat(SubjectFileSerde.read(bytes)).isEqualTo(file);
    }

    /** The consent book the first exchange wrote to its changelog is still read, with no known recorder. */
    @Test
    void aConsentBookOfTheFirstFormatIsStillRead() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeInt(1);
            out.writeUTF("C-OLD");
            out.writeInt(1);
            out.writeUTF("mentorship");
            out.writeLong(Long.MIN_VALUE);
            out.writeInt(0);
            out.writeInt(1);
            out.writeUTF("cicc");
        }

        SubjectFile file = SubjectFileSerde.read(bytes.toByteArray());

        assertThat(file.consent("C-OLD"))
                .contains(new Consent("C-OLD", "", Set.of("mentorship"), Optional.empty(), Set.of(), Set.of("cicc")));
        assertThat(file.consent("C-OLD").orElseThrow().mayBeWithdrawnBy("iom")).isTrue();
        assertThat(file.referrals()).isEmpty();
    }
}
