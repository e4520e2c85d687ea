package org.ddrrbus.client.envelope;

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
    /** By name: the one header of that name, or a {@code List<Header>} of several in their order. */
    private final Map<String, Object> byName;

    private HeaderIndex(Header[] all) {
        this.all = all;
        this.byName = new HashMap<>(all.length * 2);
        for (Header header : all) {
            byName.merge(header.key(), header, HeaderIndex::both);
        }
    }

    /** The headers, indexed; headers indexed already are returned as they are. */
    public static HeaderIndex of(Headers headers) {
        return headers instanceof HeaderIndex indexed ? indexed : new HeaderIndex(headers.toArray());
    }

    @SuppressWarnings("unchecked")
    private static Object both(Object earlier, Object later) {
        List<Header> several;
        if (earlier instanceof Header header) {
            several = new ArrayList<>(2);
            several.add(header);
        } else {
            several = (List<Header>) earlier;
        }
        several.add((Header) later);
        return several;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Header lastHeader(String key) {
        Object found = byName.get(key);
        if (found == null || found instanceof Header) {
            return (Header) found;
        }
        List<Header> several = (List<Header>) found;
        return several.get(several.size() - 1);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterable<Header> headers(String key) {
        Object found = byName.get(key);
        if (found == null) {
            return List.of();
        }
        return found instanceof Header header ? List.of(header) : List.copyOf((List<Header>) found);
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
