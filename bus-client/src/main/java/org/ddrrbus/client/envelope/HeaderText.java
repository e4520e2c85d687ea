package org.ddrrbus.client.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/** A record's text header, read the one way every part of the bus reads it: the last one of that name, as UTF-8. */
public final class HeaderText {

    private HeaderText() {}

    /** The header's text, or empty when the record has no such header or it has no value. */
    public static Optional<String> of(Headers headers, String name) {
        if (headers instanceof HeaderIndex index) {
            return Optional.ofNullable(index.lastText(name));
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** The header's text, or {@code ""} when there is none. */
    public static String orEmpty(Headers headers, String name) {
        return of(headers, name).orElse("");
    }
}
