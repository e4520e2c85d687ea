package org.ddrrbus.bench.pipe;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Headers for the floor's records that differ from record to record where the bus's do.
 *
 * <p>The bus's headers carry ids, leaves, proofs, signatures and times that differ on every record, and compression
 * finds little to shrink in them. Copying one sample onto every record would let lz4 shrink the floor's headers to a
 * few percent of their size and make the floor cheaper than any bus could be. So two samples of the bus's records are
 * compared: a header the same in both stays the same; in one that differs every digit, letter and byte is drawn at
 * random within its kind where the two differ, so each record's value has the sample's length and alphabet, keeps
 * what the two samples share (a date, a batch's upper proof nodes) and has the rest of its own. The
 * variants are made once, before any run, so the floor spends no CPU on them while it is measured.
 */
public final class HeaderVariants {

    /** More variants than fit in lz4's 64 KiB window many times over, so a batch never holds the same one twice. */
    static final int COUNT = 1_024;

    private final Header[][] variants;

    private HeaderVariants(Header[][] variants) {
        this.variants = variants;
    }

    public static HeaderVariants none() {
        return new HeaderVariants(new Header[][] {new Header[0]});
    }

    /** Variants of {@code first}, varying the headers in which {@code second}, another record's, differs. */
    public static HeaderVariants of(Header[] first, Header[] second) {
        SplittableRandom random = new SplittableRandom(first.length * 31L + second.length);
        Header[][] variants = new Header[COUNT][];
        for (int v = 0; v < COUNT; v++) {
            Header[] headers = new Header[first.length];
            for (int h = 0; h < first.length; h++) {
                headers[h] = differs(first, second, h)
                        ? new RecordHeader(first[h].key(), drawnLike(first[h].value(), second[h].value(), random))
                        : first[h];
            }
            variants[v] = headers;
        }
        return new HeaderVariants(variants);
    }

    /** The headers of the {@code n}th record. */
    Header[] get(long n) {
        return variants[(int) Math.floorMod(n, (long) variants.length)];
    }

    /** How many headers of a record vary, for the page. */
    public long varying() {
        return variants.length < 2
                ? 0
                : IntStream.range(0, variants[0].length)
                        .filter(h -> !Arrays.equals(variants[0][h].value(), variants[1][h].value()))
                        .count();
    }

    private static boolean differs(Header[] first, Header[] second, int h) {
        return h >= second.length
                || !first[h].key().equals(second[h].key())
                || !Arrays.equals(first[h].value(), second[h].value());
    }

    /**
     * A value of {@code sample}'s length whose bytes are drawn at random where {@code other} differs from it: two
     * records' times share their date, two proofs of one batch their upper nodes, and those parts stay.
     */
    static byte[] drawnLike(byte[] sample, byte[] other, SplittableRandom random) {
        if (sample == null) {
            return null;
        }
        byte[] drawn = new byte[sample.length];
        for (int i = 0; i < sample.length; i++) {
            byte b = sample[i];
            if (other != null && i < other.length && other[i] == b) {
                drawn[i] = b;
            } else if (b >= '0' && b <= '9') {
                drawn[i] = (byte) ('0' + random.nextInt(10));
            } else if (b >= 'a' && b <= 'z') {
                drawn[i] = (byte) ('a' + random.nextInt(26));
            } else if (b >= 'A' && b <= 'Z') {
                drawn[i] = (byte) ('A' + random.nextInt(26));
            } else if (b < 0x20 || b >= 0x7f) {
                drawn[i] = (byte) random.nextInt(256);
            } else {
                drawn[i] = b; // punctuation keeps the value's shape: '-', ':', '/', '+', '='
            }
        }
        return drawn;
    }
}
