package org.ddrrbus.casework.casefile;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event in a person's case file as this agency saw it.
 *
 * @param from the agency that published it
 * @param purpose the purpose it was shared with this agency under; absent for the agency's own events
 * @param withheld the fields of the event the sharing agreement withheld from this agency; absent when none were
 * @param record the event as it reached this agency, for the staff's pages to show field by field in their language
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TimelineEntry(
        Instant time,
        String event,
        String from,
        String summary,
        String purpose,
        String eventId,
        List<String> withheld,
        @JsonIgnore SpecificRecord record) {

    public TimelineEntry {
        withheld = withheld == null ? List.of() : List.copyOf(withheld);
    }
}
