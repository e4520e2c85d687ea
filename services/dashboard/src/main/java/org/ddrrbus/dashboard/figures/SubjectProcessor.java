package org.ddrrbus.dashboard.figures;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.envelope.HeaderText;
import org.ddrrbus.client.envelope.Opened;
import org.ddrrbus.client.envelope.RecordOrigin;
import org.ddrrbus.client.envelope.SubjectCipher;
import org.ddrrbus.client.envelope.SubjectKeys;
import org.ddrrbus.client.quarantine.Quarantine;
import org.ddrrbus.client.streams.PersonState;
import org.ddrrbus.client.subjectkeys.HttpSubjectKeys;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.events.SubjectErased;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First stage: keeps each subject's facts (records are keyed by subjectRef, so one task holds all of a person's
 * events from every outbox) and sends on only the change in what the subject contributes to each cell. The output is
 * keyed by cell, never by subject.
 *
 * <p>Reads the quarantine too, which is keyed and partitioned like the ledger: every quarantined record counts under
 * its reason, and a ledger record the exchange refused is taken back out. Only that record: the refusal names the
 * topic, partition and offset of what it refused, and the dashboard keeps each record it counted under that position
 * (see {@link SubjectFile}). An agency that sends an old event id again has that copy refused, never the delivered one.
 *
 * <p>A refusal may be read before the record it names, for instance when the sender dated the record ahead. The
 * task remembers how far it has read each ledger partition; a refusal of a record it has not reached yet is kept
 * aside until the record arrives, and then the record is not counted.
 *
 * <p>Referrals turn overdue with time alone, so each subject with an open referral has its next deadline kept in the
 * {@code deadlines} store, and a wall-clock punctuation re-tallies those whose deadline has passed. That store is keyed
 * by subjectRef like the subjects' files, and its values are sealed the same way, under the key the person's file is
 * sealed under: its changelog shows which case codes have an open referral, never when one falls due, and no value
 * opens once the person's key is gone. The punctuation opens every value (only people with an open referral are
 * there; their keys stay in {@link PersonState}'s memory).
 *
 * <p>When the case owner erases a person ({@code SubjectErased} on its outbox), the task drops everything it keeps
 * under the person's subjectRef: the subject's file and its deadline, by key, so even when the person's key is already
 * gone (a refusal kept aside is kept by position only).
 * The figures keep what the person added to them, since no figure ever named the person: taking it back out would let
 * a reader of two releases tell that someone was erased, and where.
 */
final class SubjectProcessor implements Processor<String, byte[], String, Delta> {

    private static final Logger log = LoggerFactory.getLogger(SubjectProcessor.class);

    private final EventCodec codec;
    private final FactReader reader;
    private final Duration overdueCheckInterval;
    private final Predicate<String> mayErase;
    private ProcessorContext<String, Delta> context;
    private final Serde<SubjectFile> subjectSerde;
    private PersonState<SubjectFile> subjects;
    private KeyValueStore<String, byte[]> subjectBytes;
    private KeyValueStore<String, byte[]> deadlineBytes;
    private PersonState<Long> deadlines;
    private KeyValueStore<String, Long> readUpTo;
    private KeyValueStore<String, String> refusedAhead;

    /**
     * @param subjectSerde how a subject's file is encoded before it is sealed under the person's key
     * @param mayErase whether the agreement lets an agency erase a person (the case owner)
     */
    SubjectProcessor(
            EventCodec codec,
            Serde<SubjectFile> subjectSerde,
            FactReader reader,
            Duration overdueCheckInterval,
            Predicate<String> mayErase) {
        this.codec = codec;
        this.subjectSerde = subjectSerde;
        this.reader = reader;
        this.overdueCheckInterval = overdueCheckInterval;
        this.mayErase = mayErase;
    }

    @Override
    public void init(ProcessorContext<String, Delta> context) {
        this.context = context;
        // Sealed under the person's key, as the event that changed it was: the changelog holds nothing about the
        // person in clear, and its older versions open no more once the key is gone.
        this.subjects = new PersonState<>(
                context.getStateStore(DashboardTopology.SUBJECTS),
                DashboardTopology.SUBJECTS,
                subjectSerde,
                codec.cipher().map(SubjectCipher::keys).orElse(SubjectKeys.NONE));
        this.subjectBytes = context.getStateStore(DashboardTopology.SUBJECTS);
        this.deadlineBytes = context.getStateStore(DashboardTopology.DEADLINES);
        this.deadlines = new PersonState<>(
                deadlineBytes,
                DashboardTopology.DEADLINES,
                Serdes.Long(),
                codec.cipher().map(SubjectCipher::keys).orElse(SubjectKeys.NONE));
        this.readUpTo = context.getStateStore(DashboardTopology.READ_UP_TO);
        this.refusedAhead = context.getStateStore(DashboardTopology.REFUSED_AHEAD);
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
        readUpTo.put(partitionKey(metadata.topic(), metadata.partition()), metadata.offset());
        String position = SubjectFile.Copy.position(metadata.topic(), metadata.partition(), metadata.offset());
        if (refusedAhead.get(position) != null) {
            refusedAhead.delete(position); // the exchange refused this very record before the dashboard got to it
            return;
        }
        RecordOrigin origin = new RecordOrigin(metadata.topic(), metadata.partition(), metadata.offset(), record.key());
        // A refused record is the exchange's to quarantine; it is counted when it arrives there.
        if (!(codec.open(origin, record.headers(), record.value()) instanceof Opened.Valid valid)) {
            return;
        }
        if (valid.envelope().event() instanceof SubjectErased
                && valid.envelope().sender().equals(owner.get())
                && mayErase.test(owner.get())) {
            erase(valid.envelope().subject());
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
        SubjectFile file = load(subject);
        if (file.holds(position)) {
            return; // read before
        }
        SubjectFile.Copy copy = new SubjectFile.Copy(
                owner.get() + ":" + valid.envelope().id(),
                metadata.topic(),
                metadata.partition(),
                metadata.offset(),
                fact.get());
        update(subject, file.with(copy), record.timestamp(), record.value());
    }

    private void quarantined(Record<String, byte[]> record) {
        Headers headers = record.headers();
        String reason = HeaderText.of(headers, Quarantine.REASON).orElse("OTHER");
        // Records, not people: each quarantined record stands for itself in the suppression of this figure.
        forward(Cells.quarantine(reason), new Delta(1, 1), record.timestamp());
        forward(Cells.QUARANTINE_TOTAL, new Delta(1, 1), record.timestamp());

        // Only the exchange's refusals take a record back: an agency may quarantine what its inbox cannot read, which
        // says nothing about whether the event itself stands.
        Optional<String> topic = HeaderText.of(headers, Quarantine.SOURCE_TOPIC)
                .filter(t -> Topics.outboxOwner(t).isPresent());
        Optional<Integer> partition = HeaderText.of(headers, Quarantine.SOURCE_PARTITION)
                .flatMap(SubjectProcessor::number)
                .map(Long::intValue);
        Optional<Long> offset = HeaderText.of(headers, Quarantine.SOURCE_OFFSET).flatMap(SubjectProcessor::number);
        if (topic.isEmpty()
                || partition.isEmpty()
                || offset.isEmpty()
                || !HeaderText.of(headers, Quarantine.QUARANTINED_BY).orElse("").equals(Components.EXCHANGE)) {
            return;
        }
        String position = SubjectFile.Copy.position(topic.get(), partition.get(), offset.get());
        // The quarantine record keeps the ledger record's key, the subject the copy was kept under.
        SubjectFile file = record.key() == null ? null : subjects.get(record.key());
        if (file != null && file.holds(position)) {
            update(record.key(), file.without(position), record.timestamp(), null);
            return;
        }
        if (partition.get() != context.taskId().partition()) {
            return; // another task reads that ledger partition, and it never reaches this one
        }
        Long read = readUpTo.get(partitionKey(topic.get(), partition.get()));
        if (read == null || offset.get() > read) {
            // Only its position matters; the subjectRef is not kept beside it, so erasure has nothing to find there.
            refusedAhead.put(position, "");
        }
        // Otherwise the record was read and not counted: nothing to take back.
    }

    /** Forgets the person: nothing the task keeps names their subjectRef afterwards; the figures stay as they were. */
    private void erase(String subject) {
        // The exchange destroys the person's keys as it delivers the erasure, so neither value may open any more: both
        // are found by the subjectRef they are kept under.
        deadlines.delete(subject);
        subjects.delete(subject);
        codec.cipher()
                .map(SubjectCipher::keys)
                .filter(HttpSubjectKeys.class::isInstance)
                .map(HttpSubjectKeys.class::cast)
                .ifPresent(keys -> keys.forget(subject));
    }

    /** Re-tallies every subject whose next deadline has passed, so its open referrals show as overdue. */
    private void passDeadlines(long now) {
        List<String> kept = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> entries = deadlineBytes.all()) {
            entries.forEachRemaining(entry -> kept.add(entry.key));
        }
        for (String key : kept) {
            int legacy = key.indexOf(Cells.SEPARATOR);
            if (legacy >= 0) {
                // An entry of the earlier index, '<deadline>|<subjectRef>' in clear: dropped, and the person's file
                // tallied again, which keeps their deadline the new way.
                deadlineBytes.delete(key);
                String subject = key.substring(legacy + Cells.SEPARATOR.length());
                SubjectFile file = subjects.get(subject);
                if (file != null) {
                    update(subject, file.withDeadline(0), now, null);
                }
                continue;
            }
            Long deadline = deadlines.get(key); // null when the key is gone: the person's erasure drops it
            if (deadline == null || deadline > now) {
                continue;
            }
            deadlines.delete(key);
            SubjectFile file = subjects.get(key);
            if (file != null) {
                update(key, file.withDeadline(0), now, null);
            }
        }
    }

    /** @param event the ledger record's value that changed the file (its key seals the file), or null */
    private void update(String subject, SubjectFile file, long timestamp, byte[] event) {
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Tally tally = Tally.of(file.counted(), now);
        Tally.difference(file.contributed(), tally.cells()).forEach((cell, delta) -> forward(cell, delta, timestamp));
        long deadline = tally.nextDeadline().map(Instant::toEpochMilli).orElse(0L);
        subjects.put(subject, new SubjectFile(file.copies(), tally.cells(), deadline), event);
        if (deadline != 0 && deadline != file.deadline()) {
            // Sealed under the key the file was just sealed under (plain only when the file is).
            deadlines.put(subject, deadline, subjectBytes.get(subject));
        } else if (deadline == 0 && file.deadline() != 0) {
            deadlines.delete(subject);
        }
    }

    private SubjectFile load(String subject) {
        SubjectFile file = subjects.get(subject);
        return file == null ? SubjectFile.EMPTY : file;
    }

    private void forward(String cell, Delta delta, long timestamp) {
        context.forward(new Record<>(cell, delta, timestamp));
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String partitionKey(String topic, int partition) {
        return topic + "-" + partition;
    }
}
