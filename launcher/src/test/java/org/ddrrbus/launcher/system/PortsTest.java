package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void kenyasBusKeepsTheDocumentedPortsAndAnotherCountrysClashesWithNone() {
        Ports ke = Ports.forCountry("ke");
        Ports so = Ports.forCountry("so");

        assertThat(ke).isEqualTo(Ports.standard());
        assertThat(so.kafka()).isEqualTo(9192);
        assertThat(so.iom()).isEqualTo(8182);
        assertThat(all(ke)).doesNotContainAnyElementsOf(all(so));
    }

    private static Set<Integer> all(Ports p) {
        return Set.copyOf(IntStream.of(
                        p.kafka(), p.controller(), p.dashboard(), p.nctc(), p.iom(), p.cicc(), p.county(), p.embassy())
                .boxed()
                .toList());
    }
}
