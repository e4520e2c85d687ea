package org.ddrrbus.auditor.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.ddrrbus.auditor.AuditFailure;
import org.junit.jupiter.api.Test;

class WindowTest {

    @Test
    void bothEndsOfATimeWindowAreInclusive() {
        Window window = new Window(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(Instant.ofEpochMilli(100)),
                Optional.of(Instant.ofEpochMilli(200)));

        assertThat(window.admitsTime(99)).isFalse();
        assertThat(window.admitsTime(100)).isTrue();
        assertThat(window.admitsTime(200)).isTrue();
        assertThat(window.admitsTime(201)).isFalse();
    }

    @Test
    void aWindowThatEndsBeforeItStartsIsBadInput() {
        assertThatThrownBy(() -> new Window(
                        Optional.empty(), Optional.of(10L), Optional.of(5L), Optional.empty(), Optional.empty()))
                .isInstanceOf(AuditFailure.class)
                .hasMessage("--to-offset 5 is before --from-offset 10")
                .extracting(e -> ((AuditFailure) e).exitCode())
                .isEqualTo(AuditFailure.BAD_INPUT);
    }

    @Test
    void aNegativeOffsetIsBadInput() {
        assertThatThrownBy(() -> new Window(
                        Optional.empty(), Optional.of(-1L), Optional.empty(), Optional.empty(), Optional.empty()))
                .hasMessage("--from-offset must be 0 or more, not -1");
    }
}
