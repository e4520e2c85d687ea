package org.ddrrbus.dashboard.figures;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard's state for one subject (a person, or an area for community assessments): the ledger records kept
 * about it, what it contributes to the cells now, and the deadline it is indexed under. Kept in a changelogged store,
 * so a restarted dashboard resumes from Kafka rather than from its local disk.
 *
 * <p>Records are kept by where they sit, not by event id. The exchange refuses a record, not an id: an agency that
 * sends an old event id again (unsigned, or as an exact replay) gets that copy refused, and the copy that was
 * delivered must go on counting. So every copy is kept under its own position, each event counts once (its first copy
 * that has not been refused), and a refusal takes out exactly the copy at the position it names.
 *
 * @param copies by {@link Copy#position}
 * @param contributed what the cells hold for this subject, so the next change is sent as a difference
 * @param deadline epoch milliseconds of the deadline index entry, or 0 when there is none
 */
record SubjectFile(Map<String, Copy> copies, Map<String, Long> contributed, long deadline) {

    static final SubjectFile EMPTY = new SubjectFile(Map.of(), Map.of(), 0);

    /** Where a legacy fact (kept by event id, before copies were kept by position) sits: before any real copy. */
    private static final String LEGACY = "legacy:";

    SubjectFile {
        copies = Map.copyOf(copies);
        contributed = Map.copyOf(contributed);
    }

    /**
     * Reads the stored form, including state written before copies were kept by position ({@code facts} by event id):
     * those facts count as copies whose position is unknown, and the old retraction markers, which named only an id,
     * are dropped.
     */
    @JsonCreator
    static SubjectFile read(
            @JsonProperty("copies") Map<String, Copy> copies,
            @JsonProperty("facts") Map<String, Fact> legacyFacts,
            @JsonProperty("contributed") Map<String, Long> contributed,
            @JsonProperty("deadline") long deadline) {
        Map<String, Copy> all = new LinkedHashMap<>(copies == null ? Map.of() : copies);
        if (legacyFacts != null) {
            legacyFacts.forEach((event, fact) -> {
                if (!(fact instanceof Fact.Retracted)) {
                    all.put(LEGACY + event, new Copy(event, "", -1, -1, fact));
                }
            });
        }
        return new SubjectFile(all, contributed == null ? Map.of() : contributed, deadline);
    }

    boolean holds(String position) {
        return copies.containsKey(position);
    }

    SubjectFile with(Copy copy) {
        Map<String, Copy> next = new LinkedHashMap<>(copies);
        next.put(copy.position(), copy);
        return new SubjectFile(next, contributed, deadline);
    }

    SubjectFile without(String position) {
        Map<String, Copy> next = new LinkedHashMap<>(copies);
        next.remove(position);
        return new SubjectFile(next, contributed, deadline);
    }

    SubjectFile withDeadline(long next) {
        return new SubjectFile(copies, contributed, next);
    }

    /**
     * The facts that count: of each event, its earliest copy still standing. The exchange accepts the first valid
     * copy of an id and refuses the rest as replays; until a refusal arrives, the earliest is the best guess, and a
     * refusal of it lets the next copy count.
     */
    Collection<Fact> counted() {
        Map<String, List<Copy>> byEvent = copies.values().stream().collect(Collectors.groupingBy(Copy::event));
        return byEvent.values().stream()
                .map(same -> same.stream()
                        .min(Comparator.comparingInt(Copy::partition).thenComparingLong(Copy::offset))
                        .orElseThrow()
                        .fact())
                .toList();
    }

    /**
     * One ledger record kept about the subject.
     *
     * @param event the outbox owner and the record's {@code ce_id}: {@code <owner>:<ce_id>}
     * @param topic the outbox it was read from
     * @param partition its partition there, -1 when unknown
     * @param offset its offset there, -1 when unknown
     * @param fact what it says that a figure needs
     */
    record Copy(String event, String topic, int partition, long offset, Fact fact) {

        /** The key of a record's position: {@code <topic>-<partition>@<offset>}, as Kafka prints one. */
        static String position(String topic, int partition, long offset) {
            return topic + "-" + partition + "@" + offset;
        }

        String position() {
            return partition < 0 ? LEGACY + event : position(topic, partition, offset);
        }
    }
}
