package org.ddrrbus.client.envelope;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Which key encrypts an event about a person: one per person, per retention of the agreement and per month of the
 * event's time, so that the events of one type and month become unreadable together when their retention ends.
 *
 * @param retention the retention of the event's type in the agreement (P10Y, P5Y, P2Y)
 * @param month the month of the event's time (UTC)
 */
public record SubjectKeyId(String subjectRef, Period retention, YearMonth month) {

    public SubjectKeyId {
        if (!SubjectRefs.isCaseCode(subjectRef)) {
            // Never quoted: what stands there may be a name.
            throw new IllegalArgumentException("a key is made only for a case code: " + SubjectRefs.CASE_CODE_MESSAGE);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, not " + retention);
        }
    }

    public static SubjectKeyId of(String subjectRef, Period retention, Instant eventTime) {
        return new SubjectKeyId(subjectRef, retention, YearMonth.from(eventTime.atZone(ZoneOffset.UTC)));
    }

    /** The first instant at which no event under this key may be read any more: the month's end plus the retention. */
    public Instant expiresAt() {
        return month.plusMonths(1).atDay(1).plus(retention).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public boolean expired(Clock clock) {
        return !clock.instant().isBefore(expiresAt());
    }

    /** The key's name on the wire: {@code <subjectRef>/<retention>/<yyyy-MM>}, e.g. {@code KE-7Q2M-4XJD/P10Y/2026-12}. */
    public String text() {
        return subjectRef + "/" + retention + "/" + month;
    }

    /**
     * Reads a key's name as {@link #text()} writes it.
     *
     * @throws IllegalArgumentException when it is not one; the message never quotes the text (it may hold a name)
     */
    public static SubjectKeyId parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a subject key id is <subjectRef>/<retention>/<yyyy-MM>");
        }
        Period retention;
        YearMonth month;
        try {
            retention = Period.parse(parts[1]);
            month = YearMonth.parse(parts[2]);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a subject key id is <subjectRef>/<retention>/<yyyy-MM>", e);
        }
        SubjectKeyId id = new SubjectKeyId(parts[0], retention, month);
        try {
            id.expiresAt();
        } catch (DateTimeException | ArithmeticException e) {
            throw new IllegalArgumentException("a subject key id's month and retention must end within the calendar");
        }
        return id;
    }
}
