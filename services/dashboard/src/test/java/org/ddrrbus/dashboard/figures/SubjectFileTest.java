package org.ddrrbus.dashboard.figures;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SubjectFileTest {

    private final JsonSerde<SubjectFile> serde =
            new JsonSerde<>(JsonMapper.builder().build(), SubjectFile.class);

    private SubjectFile read(String json) {
        return serde.deserializer().deserialize("subjects", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eachEventCountsOnceFromItsEarliestCopy() {
        Fact first = new Fact.Registered(1, "Lamu", "DISENGAGEMENT", 20_000);
        Fact later = new Fact.Registered(2, "Kwale", "DISENGAGEMENT", 20_000);
        SubjectFile file = SubjectFile.EMPTY
                .with(new SubjectFile.Copy("nctc:1", "ddrr.outbox.nctc", 0, 9, later))
                .with(new SubjectFile.Copy("nctc:1", "ddrr.outbox.nctc", 0, 4, first));

        assertThat(file.counted()).containsExactly(first);
        assertThat(file.without("ddrr.outbox.nctc-0@4").counted()).containsExactly(later);
    }

    @Test
    void storedFormSurvivesTheChangelog() {
        SubjectFile file = SubjectFile.EMPTY.with(
                new SubjectFile.Copy("iom:7", "ddrr.outbox.iom", 2, 31, new Fact.Supported(5, "LIVELIHOOD")));
        SubjectFile withCells = new SubjectFile(file.copies(), Map.of("support|total", 1L), 0);

        SubjectFile back =
                serde.deserializer().deserialize("subjects", serde.serializer().serialize("subjects", withCells));

        assertThat(back).isEqualTo(withCells);
        assertThat(back.holds("ddrr.outbox.iom-2@31")).isTrue();
    }

    @Test
    void stateWrittenBeforeCopiesWereKeptByPositionStillCounts() {
        SubjectFile legacy = read("""
                {"facts": {
                   "nctc:1": {"fact": "registered", "time": 1, "county": "Lamu", "phase": "DISENGAGEMENT",
                              "registeredOn": 20000},
                   "nctc:2": {"fact": "retracted", "time": 2}},
                 "contributed": {"returnees|total": 1},
                 "deadline": 0}
                """);

        assertThat(legacy.counted()).containsExactly(new Fact.Registered(1, "Lamu", "DISENGAGEMENT", 20_000));
        assertThat(legacy.contributed()).containsEntry("returnees|total", 1L);
    }
}
