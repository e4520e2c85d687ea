package org.ddrrbus.casework.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubjectPrefixTest {

    @AfterEach
    void clear() {
        System.clearProperty(Codes.SUBJECT_PREFIX_PROPERTY);
    }

    @Test
    void newSubjectRefsCarryTheirBusCountryPrefix() {
        assertThat(Codes.newSubjectRef()).matches("KE-[A-Z0-9]{4}-[A-Z0-9]{4}");

        System.setProperty(Codes.SUBJECT_PREFIX_PROPERTY, "SO-");

        assertThat(Codes.newSubjectRef()).matches("SO-[A-Z0-9]{4}-[A-Z0-9]{4}").matches(Codes.SUBJECT_REF);
    }

    @Test
    void aMalformedPrefixIsRefusedNotUsed() {
        System.setProperty(Codes.SUBJECT_PREFIX_PROPERTY, "somalia");

        assertThatThrownBy(Codes::newSubjectRef)
                .hasMessage("ddrr.subject-prefix must be two capital letters and '-', e.g. SO-, not 'somalia'");
    }
}
