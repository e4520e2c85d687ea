package org.ddrrbus.exchange.seal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.ddrrbus.client.envelope.HeaderText;
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
        headers.add(of(origin));
    }

    /** The mark of an input, to add to the headers of each delivery it leads to (which must carry no other). */
    public static Header of(RecordOrigin origin) {
        return new RecordHeader(
                HEADER,
                (origin.partition() + "@" + origin.offset() + "@" + origin.topic()).getBytes(StandardCharsets.UTF_8));
    }

    /** The input a delivery answers, removing the mark from its headers. */
    static Optional<RecordOrigin> take(Headers headers) {
        Optional<String> mark = HeaderText.of(headers, HEADER);
        headers.remove(HEADER);
        return mark.map(text -> text.split("@", 3))
                .map(parts -> new RecordOrigin(parts[2], Integer.parseInt(parts[0]), Long.parseLong(parts[1]), null));
    }
}
