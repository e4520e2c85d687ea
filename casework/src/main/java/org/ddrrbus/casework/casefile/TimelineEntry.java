package org.ddrrbus.casework.casefile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One event in a person's case file as this agency saw it.
 *
 * @param from the agency that published it
 * @param purpose the purpose it was shared with this agency under; absent for the agency's own events
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record TimelineEntry(Instant time, String event, String from, String summary, String purpose, String eventId) {}
