package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
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

    @Test
    void eachServiceMovesAloneAndANameThatIsNoServicesMovesNothing() {
        Ports standard = Ports.standard();
        for (String service : List.of("dashboard", "nctc", "iom", "cicc", "county", "embassy", "exchange")) {
            Ports moved = standard.with(service, 1);
            assertThat(moved.of(service)).as(service).isEqualTo(1);
            assertThat(moved.with(service, standard.of(service))).as(service).isEqualTo(standard);
        }
        assertThat(standard.with("kafka", 1)).isEqualTo(standard);
        assertThat(standard.of("exchange")).isEqualTo(standard.exchange());
        assertThatThrownBy(() -> standard.of("kafka")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Set<Integer> all(Ports p) {
        return Set.copyOf(IntStream.of(
                        p.kafka(), p.controller(), p.dashboard(), p.nctc(), p.iom(), p.cicc(), p.county(), p.embassy())
                .boxed()
                .toList());
    }
}
