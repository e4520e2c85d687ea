package org.ddrrbus.client.envelope;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * The terms the exchange delivered a record under, carried as headers: the purpose, the legal basis and the fields it
 * withheld from this recipient. A ledger record or a sender's own copy carries none. The exchange's countersignature
 * covers these headers, in the order of {@link #HEADERS}.
 */
public record DeliveryTerms(Optional<String> purpose, Optional<String> legalBasis, List<String> withheld) {

    public static final String PURPOSE = "ddrr_purpose";
    public static final String LEGAL_BASIS = "ddrr_legal_basis";
    /** The withheld fields, comma-separated. */
    public static final String WITHHELD = "ddrr_withheld";
    /** Every delivery-term header, in the order a delivery's signature covers them. */
    public static final List<String> HEADERS = List.of(PURPOSE, LEGAL_BASIS, WITHHELD);

    public DeliveryTerms {
        withheld = List.copyOf(withheld);
    }

    public static DeliveryTerms of(Headers headers) {
        List<String> withheld = HeaderText.of(headers, WITHHELD)
                .map(list -> Arrays.stream(list.split(","))
                        .map(String::trim)
                        .filter(f -> !f.isEmpty())
                        .toList())
                .orElse(List.of());
        return new DeliveryTerms(HeaderText.of(headers, PURPOSE), HeaderText.of(headers, LEGAL_BASIS), withheld);
    }

    public boolean isEmpty() {
        return purpose.isEmpty() && legalBasis.isEmpty() && withheld.isEmpty();
    }
}
