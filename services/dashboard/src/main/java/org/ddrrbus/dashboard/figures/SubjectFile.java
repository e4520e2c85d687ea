package org.ddrrbus.dashboard.figures;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's state for one subject (a person, or an area for community assessments): the facts kept from its
 * events by event id, what it contributes to the cells now, and the deadline it is indexed under. Kept in a
 * changelogged store, so a restarted dashboard resumes from Kafka rather than from its local disk.
 *
 * @param facts by {@code <outbox owner>:<ce_id>}, so an event read twice counts once
 * @param contributed what the cells hold for this subject, so the next change is sent as a difference
 * @param deadline epoch milliseconds of the deadline index entry, or 0 when there is none
 */
record SubjectFile(Map<String, Fact> facts, Map<String, Long> contributed, long deadline) {

    static final SubjectFile EMPTY = new SubjectFile(Map.of(), Map.of(), 0);

    SubjectFile {
        facts = Map.copyOf(facts);
        contributed = Map.copyOf(contributed);
    }

    SubjectFile with(String eventId, Fact fact) {
        Map<String, Fact> next = new LinkedHashMap<>(facts);
        next.put(eventId, fact);
        return new SubjectFile(next, contributed, deadline);
    }
}
