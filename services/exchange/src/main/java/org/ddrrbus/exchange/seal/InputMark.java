package org.ddrrbus.exchange.seal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.envelope.RecordOrigin;

/**
 * Which ledger record a delivery answers, carried from the exchange's topology to its producer in a header that the
 * producer removes before the delivery is signed and sent. The producer holds deliveries until the transaction
 * commits, so when the broker refuses one, only this says which input to set aside.
 */
public final class InputMark {

    static final String HEADER = "ddrr_exchange_input";

    private InputMark() {}

    public static void add(Headers headers, RecordOrigin origin) {
        headers.remove(HEADER);
        headers.add(
                HEADER,
                (origin.partition() + "@" + origin.offset() + "@" + origin.topic()).getBytes(StandardCharsets.UTF_8));
    }

    /** The input a delivery answers, removing the mark from its headers. */
    static Optional<RecordOrigin> take(Headers headers) {
        Header header = headers.lastHeader(HEADER);
        if (header == null) {
            return Optional.empty();
        }
        headers.remove(HEADER);
        String[] parts = new String(header.value(), StandardCharsets.UTF_8).split("@", 3);
        return Optional.of(new RecordOrigin(parts[2], Integer.parseInt(parts[0]), Long.parseLong(parts[1]), null));
    }
}
