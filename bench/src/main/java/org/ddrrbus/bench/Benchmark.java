package org.ddrrbus.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.bench.micro.PartsBenchmark;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.HeaderVariants;
import org.ddrrbus.bench.pipe.Pipeline;
import org.ddrrbus.bench.pipe.PlainPipe;
import org.ddrrbus.bench.pipe.Result;
import org.ddrrbus.bench.pipe.StreamsFigures;
import org.ddrrbus.bench.pipe.StreamsRelay;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.start.NativeCompression;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.provisioning.Credentials;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./ddrr bench}: on one fresh broker in one run, at two event sizes, the plain pipe, an exactly-once Kafka
 * Streams relay that writes what the exchange writes (with the bus's headers, and without), and the bus; latency at
 * half of each peak; {@code audit verify} over a million deliveries; a JFR profile of the exchange; and JMH figures of
 * the parts. Writes {@code docs/benchmarks.md}, {@code docs/benchmarks.json} and {@code docs/benchmarks.svg}.
 */
public final class Benchmark {

    /** The exchange's commit interval, which the relay uses too (ExchangeProperties' default). */
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(25);

    static final long AUDITED_RECORDS = 1_000_000;

    static final String PLAIN = "plain";
    static final String RELAY = "relay";
    static final String BARE = "bare";
    static final String BUS = "bus";

    public static void main(String[] args) throws Exception {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        NativeCompression.prefer();
        Options options = Options.parse(args);
        try {
            run(options);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Every pipeline a run can measure, by the name {@code --pipelines} takes. */
    static final List<String> ALL = List.of(PLAIN, RELAY, BARE, BUS);

    /** Everything one run measured, as the report shows it. */
    record Figures(
            Options options,
            double loadBefore,
            double loadAfter,
            Map<Integer, Double> writtenPerEvent,
            List<Result> results,
            Optional<Audit> audit,
            Optional<Profile.Hot> profile,
            List<RunResult> parts) {
        Duration duration() {
            return options.duration();
        }
    }

    /** {@code audit verify} over the inbox the bus delivered to. */
    record Audit(String topic, long records, long distinct, double seconds, int exitCode) {
        double perSecond() {
            return records / seconds;
        }
    }

    static Figures run(Options options) throws Exception {
        double loadBefore = Load.now();
        Duration duration = options.duration();
        Path data = Files.createTempDirectory("ddrr-bench");
        Credentials credentials = Credentials.inMemory();
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Duration warmUp = options.warmUp();
        List<Result> results = new ArrayList<>();
        Optional<Audit> audit = Optional.empty();
        Optional<Profile.Hot> hot = Optional.empty();
        Map<Integer, Double> writtenPerEvent = new java.util.TreeMap<>();
        Profile.prepare();
        try (EmbeddedBroker broker = new EmbeddedBroker(
                        new BrokerSettings(data, FreePorts.next(), FreePorts.next(), Credentials.generate(24)))
                .start()) {
            Map<String, Object> admin = broker.adminClientProperties();
            Stage.provision(admin, agreement, credentials);
            Path keys = data.resolve("keys");
            SigningKey iomKey = Stage.registerKeys(admin, data, keys, agreement);
            ConfigurableApplicationContext exchange = Stage.exchange(broker, credentials, keys, data, options);
            MeterRegistry meters = exchange.getBean(MeterRegistry.class);
            Pipeline.traceProbe = () -> String.format(
                    " (the exchange: %.0f delivered to nctc so far)",
                    meters.find(MeterNames.DELIVERED).tag(MeterNames.RECIPIENT, "nctc").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum());
            try (Admin client = Admin.create(admin)) {
                Map<String, Object> iom = Stage.clientOf(broker, "iom", credentials);
                Map<String, Object> nctc = Stage.clientOf(broker, "nctc", credentials);
                if (options.runs(BUS)) {
                    Console.warmUp(
                            new BusPipe(iom, nctc, iomKey, options.sizes().get(0)), options);
                }
                for (int size : options.sizes()) {
                    BusPipe bus = new BusPipe(iom, nctc, iomKey, size);
                    long[] before = Offsets.exchangeOffsets(client);
                    bus.run(2_000, options.step().plusSeconds(3), Duration.ofSeconds(3), 1);
                    long[] after = Offsets.exchangeOffsets(client);
                    // What the exchange writes per event, counted on the broker: deliveries, receipts, changelogs
                    // and transaction markers, over what reached the outbox.
                    if (after[0] == before[0] || bus.sampleHeaders().length == 0) {
                        // Without a delivery there is nothing to count per event and no headers for the relay.
                        throw new IllegalStateException(String.format(
                                "the bus delivered nothing in %d s at 2,000 events/s of %d bytes, so the relays"
                                        + " cannot copy what it writes: %s",
                                options.step().plusSeconds(3).toSeconds(), bus.valueSize(), bus.nothingMeasured()));
                    }
                    double written = (double) (after[1] - before[1]) / (after[0] - before[0]);
                    writtenPerEvent.put(bus.valueSize(), written);
                    int recordsPerInput = (int) Math.max(1, Math.round(written));
                    System.out.printf("  the exchange wrote %.2f records per event%n", written);
                    HeaderVariants delivery = bus.deliveredHeaders();
                    HeaderVariants outbox = bus.outboxHeaders();
                    System.out.printf(
                            "  the relay's headers: %d of a delivery's and %d of an outbox record's differ per record%n",
                            delivery.varying(), outbox.varying());
                    PlainPipe plain = new PlainPipe(admin, bus.valueSize());
                    StreamsRelay relay = new StreamsRelay(
                            "exactly-once relay, bus headers",
                            admin,
                            bus.valueSize(),
                            outbox,
                            delivery,
                            recordsPerInput,
                            COMMIT_INTERVAL,
                            data.resolve("relay"),
                            options.compression(),
                            options.batchSize());
                    StreamsRelay bare = new StreamsRelay(
                            "exactly-once relay, no headers",
                            admin,
                            bus.valueSize(),
                            HeaderVariants.none(),
                            HeaderVariants.none(),
                            recordsPerInput,
                            COMMIT_INTERVAL,
                            data.resolve("relay-bare"),
                            options.compression(),
                            options.batchSize());
                    if (size == options.sizes().get(0) && !options.shortForm()) {
                        // One unmeasured pass of every pipeline first. On 2026-12-04 the bus's first peak after the
                        // relays' first runs came out 5 to 10 times slower than the bus before them and than its
                        // second size's peak after them (loaded runs; docs/benchmarks.md): whatever the first pass
                        // leaves behind (JIT profiles shared in this JVM, the broker's first load), it is paid here.
                        System.out.println("  one unmeasured pass of every pipeline ...");
                        Duration pass = max(options.step(), duration.dividedBy(2));
                        Duration none = Duration.ofSeconds(1);
                        if (options.runs(PLAIN)) {
                            plain.run(0, pass, none, 1);
                        }
                        if (options.runs(RELAY)) {
                            relay.run(0, pass, none, 1);
                        }
                        if (options.runs(BARE)) {
                            bare.run(0, pass, none, 1);
                        }
                        if (options.runs(BUS)) {
                            bus.run(0, pass, none, 1);
                        }
                    }
                    System.out.println(
                            bus.valueSize() + "-byte events: peak throughput, " + duration.toSeconds() + " s each ...");
                    Result busPeak = null;
                    if (options.runs(BUS)) {
                        boolean profiled = size == BusPipe.DEMO_MEAN;
                        Profile profile = new Profile();
                        if (profiled) {
                            profile.start();
                        }
                        // First, before the other pipelines: right after a heavy relay run on this broker and in this
                        // JVM the bus ran 4 to 10 times slower than before it (loaded runs, docs/benchmarks.md).
                        Console.settle(bus, options.step());
                        Map<String, Double> refusedBefore = Console.refusals(exchange);
                        StreamsFigures figuresBefore = Console.exchangeFigures(exchange);
                        busPeak = Console.measured(bus, bus.run(0, duration, warmUp, 1));
                        if (Pipeline.trace) {
                            System.out.println("    the exchange: "
                                    + Console.exchangeFigures(exchange).since(figuresBefore));
                        }
                        Console.reportRefusals(refusedBefore, Console.refusals(exchange));
                        if (profiled) {
                            hot = Optional.of(profile.stop("ddrr-exchange", 15));
                        }
                        results.add(busPeak);
                    }
                    Result plainPeak = null;
                    if (options.runs(PLAIN)) {
                        if (!options.shortForm()) {
                            plain.run(20_000, options.step(), options.step().dividedBy(2), 1);
                        }
                        plainPeak = Console.measured(plain, plain.run(0, duration, warmUp, 1));
                        results.add(plainPeak);
                    }
                    if (options.runs(RELAY)) {
                        if (!options.shortForm()) {
                            relay.run(5_000, options.step(), options.step().dividedBy(2), 1);
                        }
                        results.add(Console.measured(relay, relay.run(0, duration, warmUp, 1)));
                    }
                    if (options.runs(BARE)) {
                        if (!options.shortForm()) {
                            bare.run(5_000, options.step(), options.step().dividedBy(2), 1);
                        }
                        results.add(Console.measured(bare, bare.run(0, duration, warmUp, 1)));
                    }
                    if (options.latency()) {
                        System.out.println("  latency at half of each peak ...");
                        if (plainPeak != null) {
                            results.add(Console.measured(plain, plain.run(half(plainPeak), duration, warmUp, 1)));
                        }
                        if (busPeak != null) {
                            results.add(Console.measured(bus, bus.run(half(busPeak), duration, warmUp, 1)));
                        }
                    }
                }
                // Written now and again at the end, so the pipelines' figures survive an audit cut short.
                Figures sofar =
                        new Figures(options, loadBefore, Load.now(), writtenPerEvent, results, audit, hot, List.of());
                Report.write(options.output(), sofar);
                JsonReport.write(options.output(), sofar);
                if (options.audit()) {
                    String inbox = Topics.inbox("nctc");
                    long distinct = Offsets.records(client, inbox);
                    AuditCopies.fill(admin, inbox, options.auditedRecords());
                    audit = Optional.of(
                            AuditRun.audit(broker, credentials, keys, inbox, distinct, Offsets.records(client, inbox)));
                }
            } finally {
                exchange.close();
            }
        } finally {
            // The run's broker held a million-record inbox: gigabytes no one reads again.
            org.apache.kafka.common.utils.Utils.delete(data.toFile());
        }
        List<RunResult> parts = List.of();
        if (options.jmh()) {
            System.out.println("JMH figures of the parts ...");
            parts = new ArrayList<>(new Runner(new OptionsBuilder()
                            .include(PartsBenchmark.class.getName())
                            .forks(0)
                            .warmupIterations(2)
                            .warmupTime(TimeValue.seconds(1))
                            .measurementIterations(3)
                            .measurementTime(TimeValue.seconds(2))
                            .build())
                    .run());
        }
        Figures figures = new Figures(options, loadBefore, Load.now(), writtenPerEvent, results, audit, hot, parts);
        Report.write(options.output(), figures);
        JsonReport.write(options.output(), figures);
        System.out.println("wrote " + options.output().resolve("benchmarks.md") + " and benchmarks.json");
        return figures;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Half a peak, as an offered rate: never 0, which would mean as fast as possible. */
    private static long half(Result peak) {
        return Math.max(100, (long) (peak.deliveredPerSecond() / 2));
    }
}
