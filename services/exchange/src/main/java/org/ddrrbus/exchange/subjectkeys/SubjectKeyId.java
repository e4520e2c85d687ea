package org.ddrrbus.exchange.subjectkeys;

import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.ddrrbus.client.envelope.SubjectRefs;

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

    /** The file name of the key within its person's directory. */
    String fileName() {
        return retention + "_" + month + ".json";
    }
}
