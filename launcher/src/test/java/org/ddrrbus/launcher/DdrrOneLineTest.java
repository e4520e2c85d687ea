package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextException;

class DdrrOneLineTest {

    @Test
    void aComponentThatRefusesToStartIsExplainedByItsOwnReasonNotSpringsWrapper() {
        Throwable failure = new ApplicationContextException(
                "Failed to start bean 'exchangeRunner'",
                new IllegalStateException(
                        "the exchange expects 3 partitions in every outbox, but ddrr.outbox.iom has 4"));

        assertThat(Ddrr.oneLine(failure))
                .isEqualTo("the exchange expects 3 partitions in every outbox, but ddrr.outbox.iom has 4");
    }
}
