package org.ddrrbus.dashboard.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.ddrrbus.client.signing.RecordSigner;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.dashboard.suppression.SmallCountSuppression;
import org.ddrrbus.events.ErasureConfirmed;
import org.ddrrbus.events.ReferralIssued;
import org.ddrrbus.events.SubjectErased;

/**
 * The dashboard as a Kafka Streams topology:
 *
 * <pre>
 * ledger (every outbox) + quarantine --&gt; subjects: facts per subjectRef --(cell, change)--&gt; repartition to one
 * partition --&gt; cells: value per cell --(once per release period, noised and suppressed)--&gt; figures store +
 * ddrr.stats
 * </pre>
 *
 * <p>It reads the ledger, not the inboxes: an inbox holds a copy of an event for each recipient and one for the sender,
 * so counting there would count each event several times. Both stages keep their state in changelogged stores, so a
 * dashboard that lost its disk rebuilds every figure from Kafka. Nothing keyed by subjectRef leaves the first stage
 * except through the subjects store's changelog, an internal topic only the dashboard's principal may read.
 */
public final class DashboardTopology {

    static final String SUBJECTS = "subjects";
    static final String DEADLINES = "deadlines";
    /** How far this task has read each ledger partition: {@code <topic>-<partition>} to the last offset read. */
    static final String READ_UP_TO = "ledger-read";
    /** Refusals read before the record they name, by its position, until that record is read. */
    static final String REFUSED_AHEAD = "refused-ahead";

    static final String CELLS = "cells";
    /** When the programme figures were last released (see {@link CellProcessor}). */
    static final String RELEASES = "releases";

    public static final String FIGURES = "figures";

    private DashboardTopology() {}

    public static Topology build(DashboardSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        build(builder, settings);
        return builder.build();
    }

    /** Every county a figure may name, as {@link Labels} spells it, in alphabetical order, then {@code Other}. */
    static List<String> countiesShown(DashboardSettings settings) {
        List<String> counties = new ArrayList<>(
                new TreeSet<>(settings.counties().stream().map(String::trim).toList()));
        counties.remove(Labels.OTHER);
        counties.add(Labels.OTHER);
        return counties;
    }

    /** The agencies the agreement lets a referral be addressed to: the only ones a referral figure can count. */
    static List<String> referralRecipients(DashboardSettings settings) {
        return settings.agreement()
                .policy(ReferralIssued.class.getSimpleName())
                .map(policy -> List.copyOf(new TreeSet<>(policy.recipients().keySet())))
                .orElse(List.of());
    }

    public static void build(StreamsBuilder builder, DashboardSettings settings) {
        JsonSerde<SubjectFile> subjectSerde = new JsonSerde<>(settings.json(), SubjectFile.class);
        JsonSerde<Delta> deltaSerde = new JsonSerde<>(settings.json(), Delta.class);
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SUBJECTS), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(DEADLINES), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(READ_UP_TO), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(REFUSED_AHEAD), Serdes.String(), Serdes.String()));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CELLS), Serdes.String(), deltaSerde));
        builder.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RELEASES), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(FIGURES),
                Serdes.String(),
                new JsonSerde<>(settings.json(), PublishedFigure.class)));

        FactReader reader = new FactReader(
                settings.agreement(),
                new Labels(settings.counties(), settings.agreement().places()));
        FigureBuilder figures = new FigureBuilder(
                new SmallCountSuppression(settings.suppressBelow()),
                new NoisyRelease(settings.release().noise(), settings.release().epsilon()),
                settings.weeksShown(),
                countiesShown(settings),
                referralRecipients(settings));

        KStream<String, byte[]> ledger = builder.stream(
                Topics.LEDGER,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("ledger"));
        KStream<String, byte[]> quarantine = builder.stream(
                Topics.QUARANTINE,
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("quarantine"));
        Predicate<String> mayErase = agency -> settings.agreement()
                .policy(SubjectErased.class.getSimpleName())
                .map(policy -> policy.maySend(agency))
                .orElse(false);
        boolean confirms = settings.signingKeys().isPresent()
                && settings.agreement()
                        .policy(ErasureConfirmed.class.getSimpleName())
                        .map(policy -> policy.maySend(Components.DASHBOARD))
                        .orElse(false);
        if (confirms) {
            RecordSigner signer = RecordSigner.sender(settings.signingKeys().get());
            ledger.process(
                            () -> new ErasureConfirmer(
                                    settings.codec(),
                                    signer,
                                    mayErase,
                                    settings.release().clock()),
                            Named.as("erasure-confirmations"))
                    .to(
                            Topics.outbox(Components.DASHBOARD),
                            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("outbox"));
        }
        ledger.merge(quarantine, Named.as("ledger-and-quarantine"))
                .process(
                        () -> new SubjectProcessor(
                                settings.codec(), subjectSerde, reader, settings.overdueCheckInterval(), mayErase),
                        Named.as("subjects"),
                        SUBJECTS,
                        DEADLINES,
                        READ_UP_TO,
                        REFUSED_AHEAD)
                // One partition: suppression must see all cells together, and there are only a few hundred of them.
                .repartition(Repartitioned.with(Serdes.String(), deltaSerde)
                        .withName(CELLS)
                        .withNumberOfPartitions(1))
                .process(
                        () -> new CellProcessor(
                                figures,
                                settings.json(),
                                settings.publishInterval(),
                                settings.release().interval(),
                                settings.release().clock()),
                        Named.as("figures"),
                        CELLS,
                        RELEASES,
                        FIGURES)
                .to(
                        Topics.STATS,
                        Produced.with(Serdes.String(), Serdes.ByteArray()).withName("stats"));
    }
}
