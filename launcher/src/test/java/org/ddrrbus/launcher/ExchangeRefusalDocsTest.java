package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ddrrbus.events.RejectionReason;
import org.junit.jupiter.api.Test;

/** The operators' guide lists every reason the exchange can give, each with its fix. */
class ExchangeRefusalDocsTest {

    @Test
    void everyRejectionReasonHasARowInTheOperatorsGuide() throws Exception {
        String guide = Files.readString(Path.of("../docs/operators.md"));
        String section = guide.substring(guide.indexOf("## The exchange refused my events"));

        assertThat(Arrays.stream(RejectionReason.values()).map(Enum::name))
                .allSatisfy(code -> assertThat(section).contains("| `" + code + "` |"));
    }
}
