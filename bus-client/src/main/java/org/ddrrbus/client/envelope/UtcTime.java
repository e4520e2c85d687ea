package org.ddrrbus.client.envelope;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads a timestamp header ({@code ce_time}, {@code ddrr_ledger_time}) exactly as {@link Instant#parse} does. The bus
 * writes them as {@link Instant#toString} does ({@code 2026-12-04T23:53:14.123Z}); those are read directly, anything
 * else by {@link Instant#parse}, so the same texts are accepted and refused. {@code Instant.parse} took a sixth of
 * {@code audit verify}'s checking, which reads two or three such headers per record.
 */
public final class UtcTime {

    private static final int SECONDS_PER_DAY = 86_400;

    private UtcTime() {}

    /**
     * The instant the text names.
     *
     * @throws DateTimeParseException as {@link Instant#parse} does
     */
    public static Instant parse(CharSequence text) {
        Instant read = plain(text);
        return read != null ? read : Instant.parse(text);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with a fraction of 1 to 9 digits, hours to 23 and seconds to 59, read
     * directly; null for anything else (leap seconds, 24:00, offsets, other years), which {@code Instant.parse}
     * judges.
     */
    private static Instant plain(CharSequence text) {
        int length = text.length();
        if (length < 20
                || length > 30
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        if (year < 0
                || month < 0
                || day < 0
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            int fractionDigits = length - 21;
            if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = fractionDigits; i < 9; i++) {
                nanos *= 10;
            }
        }
        long day0;
        try {
            day0 = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException invalid) {
            return null;
        }
        return Instant.ofEpochSecond(day0 * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The decimal number of {@code text[from, to)}, or -1 unless every character is an ASCII digit. */
    private static int digits(CharSequence text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
