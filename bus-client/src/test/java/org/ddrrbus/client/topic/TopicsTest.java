package org.ddrrbus.client.topic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void anAgencyIdIsWhatTheAgencyPatternMatches() {
        List<String> candidates = new ArrayList<>(List.of(
                "",
                "a",
                "ab",
                "iom",
                "nctc",
                "county-7",
                "a-",
                "-a",
                "7a",
                "Iom",
                "io m",
                "io_m",
                "ioé",
                "a".repeat(31),
                "a".repeat(32),
                "a" + "-".repeat(30),
                "z9",
                "a\n"));
        Random random = new Random(20261205);
        String alphabet = "abz09-_A.Z é\n";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(34);
            for (int c = 0; c < length; c++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            candidates.add(id.toString());
        }

        assertThat(candidates)
                .allSatisfy(id -> assertThat(Topics.isAgencyId(id))
                        .as("'%s'", id)
                        .isEqualTo(Topics.AGENCY.matcher(id).matches()));
        assertThat(Topics.isAgencyId(null)).isFalse();
    }
}
