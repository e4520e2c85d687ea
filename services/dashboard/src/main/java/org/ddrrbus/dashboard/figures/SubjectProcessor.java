package org.ddrrbus.dashboard.figures;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage: keeps each subject's facts (records are keyed by subjectRef, so one task holds all of a person's
 * events from every outbox) and sends on only the change in what the subject contributes to each cell. The output is
 * keyed by cell, never by subject.
 *
 * <p>Reads the quarantine too, which is keyed and partitioned like the ledger: every quarantined record counts under
 * its reason, and a ledger event the exchange refused after the dashboard counted it is taken back out.
 *
 * <p>Referrals turn overdue with time alone, so subjects with an open referral are indexed by their next deadline and
 * a wall-clock punctuation re-tallies those whose deadline has passed.
 */
final class SubjectProcessor implements Processor<String, byte[], String, Delta> {

    private static final Logger log = LoggerFactory.getLogger(SubjectProcessor.class);

    private final EventCodec codec;
    private final FactReader reader;
    private final Duration overdueCheckInterval;
    private ProcessorContext<String, Delta> context;
    private KeyValueStore<String, SubjectFile> subjects;
    private KeyValueStore<String, String> deadlines;

    SubjectProcessor(EventCodec codec, FactReader reader, Duration overdueCheckInterval) {
        this.codec = codec;
        this.reader = reader;
        this.overdueCheckInterval = overdueCheckInterval;
    }

    @Override
    public void init(ProcessorContext<String, Delta> context) {
        this.context = context;
        this.subjects = context.getStateStore(DashboardTopology.SUBJECTS);
        this.deadlines = context.getStateStore(DashboardTopology.DEADLINES);
        context.schedule(overdueCheckInterval, PunctuationType.WALL_CLOCK_TIME, this::passDeadlines);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        if (Topics.QUARANTINE.equals(metadata.topic())) {
            quarantined(record);
        } else {
            ledger(record, metadata);
        }
    }

    private void ledger(Record<String, byte[]> record, RecordMetadata metadata) {
        Optional<String> owner = Topics.outboxOwner(metadata.topic());
        if (owner.isEmpty()) {
            return;
        }
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        // A refused record is the exchange's to quarantine; it is counted when it arrives there.
        if (!(codec.open(origin, record.headers(), record.value()) instanceof Opened.Valid valid)) {
            return;
        }
        Optional<Fact> fact;
        try {
            fact = reader.read(valid.envelope(), owner.get());
        } catch (RuntimeException e) {
            // An event the dashboard cannot read must not stop every figure. Failures after this point are not caught:
            // the transaction aborts and is retried, because a count silently off by one is worse than a stalled one.
            log.warn("Not counted: {} ({})", origin, e.toString());
            return;
        }
        if (fact.isEmpty()) {
            return;
        }
        String subject = valid.envelope().subject();
        String eventId = owner.get() + ":" + valid.envelope().id();
        SubjectFile file = load(subject);
        if (file.facts().containsKey(eventId)) {
            return; // read before, or refused by the exchange before the dashboard saw it
        }
        update(subject, file.with(eventId, fact.get()), record.timestamp());
    }

    private void quarantined(Record<String, byte[]> record) {
        Headers headers = record.headers();
        String reason = header(headers, Quarantine.REASON).orElse("OTHER");
        // Records, not people: each quarantined record stands for itself in the suppression of this figure.
        forward(Cells.quarantine(reason), new Delta(1, 1), record.timestamp());
        forward(Cells.QUARANTINE_TOTAL, new Delta(1, 1), record.timestamp());

        // Only the exchange's refusals take a fact back: an agency may quarantine what its inbox cannot read, which
        // says nothing about whether the event itself stands.
        Optional<String> owner = header(headers, Quarantine.SOURCE_TOPIC).flatMap(Topics::outboxOwner);
        if (owner.isEmpty()
                || !header(headers, Quarantine.QUARANTINED_BY).orElse("").equals(Components.EXCHANGE)
                || record.key() == null) {
            return;
        }
        RecordOrigin origin = new RecordOrigin(Topics.outbox(owner.get()), -1, -1, record.key());
        if (codec.open(origin, stripQuarantineHeaders(headers), record.value()) instanceof Opened.Valid valid) {
            String subject = valid.envelope().subject();
            String eventId = owner.get() + ":" + valid.envelope().id();
            SubjectFile file = load(subject);
            if (!(file.facts().get(eventId) instanceof Fact.Retracted)) {
                update(
                        subject,
                        file.with(
                                eventId,
                                new Fact.Retracted(valid.envelope().time().toEpochMilli())),
                        record.timestamp());
            }
        }
    }

    /** Re-tallies every subject whose next deadline has passed, so its open referrals show as overdue. */
    private void passDeadlines(long now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries =
                deadlines.range(DeadlineIndex.from(), DeadlineIndex.upTo(now))) {
            entries.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            deadlines.delete(entry.key);
            SubjectFile file = subjects.get(entry.value);
            if (file != null) {
                update(entry.value, new SubjectFile(file.facts(), file.contributed(), 0), now);
            }
        }
    }

    private void update(String subject, SubjectFile file, long timestamp) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Tally tally = Tally.of(file.facts().values(), now);
        Tally.difference(file.contributed(), tally.cells()).forEach((cell, delta) -> forward(cell, delta, timestamp));
        long deadline = tally.nextDeadline().map(Instant::toEpochMilli).orElse(0L);
        if (file.deadline() != 0 && file.deadline() != deadline) {
            deadlines.delete(DeadlineIndex.key(file.deadline(), subject));
        }
        if (deadline != 0) {
            deadlines.put(DeadlineIndex.key(deadline, subject), subject);
        }
        subjects.put(subject, new SubjectFile(file.facts(), tally.cells(), deadline));
    }

    private SubjectFile load(String subject) {
        SubjectFile file = subjects.get(subject);
        return file == null ? SubjectFile.EMPTY : file;
    }

    private void forward(String cell, Delta delta, long timestamp) {
        context.forward(new Record<>(cell, delta, timestamp));
    }

    /** The record as the sender wrote it: the quarantine headers are not part of the event. */
    private static Headers stripQuarantineHeaders(Headers headers) {
        Headers original = new RecordHeaders();
        for (Header header : headers) {
            if (!header.key().startsWith("ddrr_quarantine") && !header.key().startsWith("ddrr_source_")) {
                original.add(header);
            }
        }
        return original;
    }

    private static Optional<String> header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }

    /** Keys of the deadline index: zero-padded epoch milliseconds sort as numbers, so a range scan finds what is due. */
    static final class DeadlineIndex {

        private DeadlineIndex() {}

        static String key(long deadline, String subject) {
            return String.format("%019d", deadline) + Cells.SEPARATOR + subject;
        }

        static String from() {
            return String.format("%019d", 0);
        }

        /** Every key of a deadline at or before {@code now}: {@code '}'} sorts right after {@code '|'}. */
        static String upTo(long now) {
            return String.format("%019d", now) + "}";
        }
    }
}
