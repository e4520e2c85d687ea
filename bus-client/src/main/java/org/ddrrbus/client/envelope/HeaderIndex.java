package org.ddrrbus.client.envelope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record's headers, read only, indexed by name in one pass: {@link #lastHeader} and {@link #headers(String)} answer
 * without scanning every header again. Judging a delivery looks up some thirty headers by name; scanning the record's
 * sixteen or so for each took a sixth of {@code audit verify}'s checking. Answers exactly what the headers it was made
 * of answer, in the same order; like a consumer's headers, it refuses changes.
 */
public final class HeaderIndex implements Headers {

    private final Header[] all;
    private final Map<String, Named> byName;

    /** The headers of one name: the last, all of them in their order when there are several, the last's text. */
    private static final class Named {
        private Header last;
        private List<Header> several;
        private String text;

        Named(Header first) {
            last = first;
        }

        void add(Header later) {
            if (several == null) {
                several = new ArrayList<>(2);
                several.add(last);
            }
            several.add(later);
            last = later;
        }
    }

    private HeaderIndex(Header[] all) {
        this.all = all;
        this.byName = new HashMap<>(all.length * 2);
        for (Header header : all) {
            Named named = byName.get(header.key());
            if (named == null) {
                byName.put(header.key(), new Named(header));
            } else {
                named.add(header);
            }
        }
    }

    /** The headers, indexed; headers indexed already are returned as they are. */
    public static HeaderIndex of(Headers headers) {
        return headers instanceof HeaderIndex indexed ? indexed : new HeaderIndex(headers.toArray());
    }

    @Override
    public Header lastHeader(String key) {
        Named named = byName.get(key);
        return named == null ? null : named.last;
    }

    /**
     * The last header's value of that name as UTF-8 text, decoded once however often it is asked for; null when there
     * is no such header or it has no value. What {@link HeaderText} reads.
     */
    String lastText(String key) {
        Named named = byName.get(key);
        if (named == null || named.last.value() == null) {
            return null;
        }
        if (named.text == null) {
            named.text = new String(named.last.value(), StandardCharsets.UTF_8);
        }
        return named.text;
    }

    /** How many headers there are of that name, without a list made of them. */
    int count(String key) {
        Named named = byName.get(key);
        if (named == null) {
            return 0;
        }
        return named.several == null ? 1 : named.several.size();
    }

    @Override
    public Iterable<Header> headers(String key) {
        Named named = byName.get(key);
        if (named == null) {
            return List.of();
        }
        return named.several == null ? List.of(named.last) : List.copyOf(named.several);
    }

    @Override
    public Header[] toArray() {
        return all.clone();
    }

    @Override
    public Iterator<Header> iterator() {
        return Arrays.asList(all).iterator();
    }

    @Override
    public Headers add(Header header) {
        throw readOnly();
    }

    @Override
    public Headers add(String key, byte[] value) {
        throw readOnly();
    }

    @Override
    public Headers remove(String key) {
        throw readOnly();
    }

    private static IllegalStateException readOnly() {
        return new IllegalStateException("an index of a record's headers is read only");
    }

    @Override
    public String toString() {
        return "HeaderIndex" + Arrays.toString(all);
    }
}
