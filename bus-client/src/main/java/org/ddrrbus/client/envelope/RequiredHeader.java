package org.ddrrbus.client.envelope;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.ddrrbus.client.rejection.Rejection;

/** A CloudEvents header every record must carry exactly once: absent or repeated, the record is refused. */
final class RequiredHeader {

    private RequiredHeader() {}

    static String of(Headers headers, String name) {
        if (headers instanceof HeaderIndex index) {
            // The same checks without a list of the headers per look-up: a record is checked for some twelve.
            if (index.count(name) > 1) {
                throw new RefusedException(new Rejection.MalformedHeader(name, "appears more than once"));
            }
            String text = index.lastText(name);
            if (text == null) {
                throw new RefusedException(new Rejection.MissingHeader(name));
            }
            return text;
        }
        Header found = null;
        for (Header header : headers.headers(name)) {
            if (found != null) {
                throw new RefusedException(new Rejection.MalformedHeader(name, "appears more than once"));
            }
            found = header;
        }
        if (found == null || found.value() == null) {
            throw new RefusedException(new Rejection.MissingHeader(name));
        }
        return new String(found.value(), StandardCharsets.UTF_8);
    }
}
