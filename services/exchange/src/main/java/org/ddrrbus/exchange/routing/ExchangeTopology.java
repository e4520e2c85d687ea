package org.ddrrbus.exchange.routing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.envelope.EventCodec;
import org.ddrrbus.client.signing.SignatureVerifier;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.streams.UnwritableInputs;
import org.ddrrbus.client.topic.Topics;

/**
 * The exchange as a Kafka Streams topology: every outbox in, the gate, inboxes and quarantine out; beside it, the
 * referrals that arrived from another national bus, kept in the same person's file.
 *
 * <p>Outboxes are matched by pattern, so an agency added to the agreement is picked up once its outbox exists.
 * All outboxes have the same partition count and are keyed by subjectRef, so one task sees all of a person's events,
 * whoever sent them, next to that person's file of consents and referrals.
 */
public final class ExchangeTopology {

    /**
     * Each person's file (consents and referrals). Named "consents" since it first held only those: the name is the
     * changelog topic's, and keeping it keeps every file an earlier exchange wrote.
     */
    public static final String SUBJECTS = "consents";

    /**
     * Per outbox partition (a task's store), the last sequence number accepted from each sender: the replay check's
     * whole state, a few dozen entries. It replaced "seen-events", a store of every event id of the last 7 days.
     */
    public static final String SENDER_SEQUENCES = "sender-sequences";

    private static final Pattern ARRIVALS = Pattern.compile(Pattern.quote(Topics.ARRIVALS));

    private ExchangeTopology() {}

    /**
     * @param clock the exchange's clock: what day consent is judged on, and how far ahead an event may be dated
     * @param ledgerPartitions how many partitions every outbox has, as provisioned
     */
    public static Topology build(
            SharingAgreement agreement,
            EventCodec codec,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKeys,
            Clock clock,
            int ledgerPartitions) {
        return build(agreement, codec, verifier, exchangeKeys, clock, ledgerPartitions, new UnwritableInputs());
    }

    /** @param unwritable inputs whose output the broker refused, to be set aside when they come round again */
    public static Topology build(
            SharingAgreement agreement,
            EventCodec codec,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKeys,
            Clock clock,
            int ledgerPartitions,
            UnwritableInputs unwritable) {
        return build(
                agreement,
                codec,
                verifier,
                exchangeKeys,
                clock,
                ledgerPartitions,
                unwritable,
                new CompositeMeterRegistry(),
                subject -> {},
                (subject, recipient) -> {});
    }

    /**
     * @param meters where the gate counts deliveries and refusals, and times signature checks
     * @param destroyKeysOf destroys an erased person's data keys, before the exchange confirms the erasure
     * @param deliveredTo told of each agency the exchange delivers a sealed event of a person to (its inbox), before
     *     the delivery is written: the key holder opens a person's key only to those
     */
    public static Topology build(
            SharingAgreement agreement,
            EventCodec codec,
            SignatureVerifier verifier,
            Supplier<SigningKey> exchangeKeys,
            Clock clock,
            int ledgerPartitions,
            UnwritableInputs unwritable,
            MeterRegistry meters,
            Consumer<String> destroyKeysOf,
            BiConsumer<String, String> deliveredTo) {
        StreamsBuilder builder = new StreamsBuilder();
        // In-memory stores, each backed by its changelog: the state is small at a programme's volumes, and rebuilding
        // it from the changelog after a restart is quicker than the native store's cost on every event.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(SUBJECTS), Serdes.String(), Serdes.ByteArray()));
        // Cached: a sender's number changes with every event, and the cache writes only the last of each commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(SENDER_SEQUENCES), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
        Router router = new Router(agreement);
        builder.stream(Topics.LEDGER, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(
                        () -> new Gate(
                                router, codec, verifier, exchangeKeys, clock, ledgerPartitions, unwritable, meters),
                        SUBJECTS,
                        SENDER_SEQUENCES)
                .processValues(() -> new KeyDestruction(destroyKeysOf, deliveredTo))
                .to(
                        (key, outbound, context) -> outbound.topic(),
                        Produced.with(Serdes.String(), new Outbound.WireSerde()));
        // Referrals that arrived from another bus, kept in the same files. A pattern, so that an exchange on a cluster
        // provisioned before the topic existed runs as before, and picks it up once it is made.
        builder.stream(ARRIVALS, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new Arrivals(codec), SUBJECTS);
        return builder.build();
    }
}
