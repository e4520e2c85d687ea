package org.ddrrbus.bench;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.ddrrbus.auditor.AuditMain;
import org.ddrrbus.bench.micro.PartsBenchmark;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.Pipeline;
import org.ddrrbus.bench.pipe.PlainPipe;
import org.ddrrbus.bench.pipe.Result;
import org.ddrrbus.bench.pipe.StreamsRelay;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.client.keys.PrivateKeys;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.metrics.MeterNames;
import org.ddrrbus.client.signing.SigningKey;
import org.ddrrbus.client.topic.Topics;
import org.ddrrbus.exchange.ExchangeApplication;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.TopicLayout;
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
        Options options = new Options(
                Duration.ofSeconds(20),
                Path.of("docs"),
                true,
                true,
                List.of(BusPipe.SMALL, BusPipe.DEMO_MEAN),
                ALL,
                true,
                null,
                0);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> options = options.withDuration(Duration.ofSeconds(Integer.parseInt(args[++i])));
                case "--output" -> options = options.withOutput(Path.of(args[++i]));
                case "--skip-jmh" -> options = options.withoutJmh();
                case "--skip-audit" -> options = options.withoutAudit();
                case "--sizes" ->
                    options = options.withSizes(Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList());
                case "--pipelines" -> options = options.withPipelines(List.of(args[++i].split(",")));
                case "--skip-latency" -> options = options.withoutLatency();
                case "--trace" -> Pipeline.trace = true;
                case "--compression" -> options = options.withCompression(args[++i]);
                case "--batch-size" -> options = options.withBatchSize(Integer.parseInt(args[++i]));
                default -> {
                    System.err.println("bench: unknown option " + args[i]
                            + " (--seconds N, --output DIR, --skip-jmh, --skip-audit, --sizes 42,55,"
                            + " --pipelines plain,relay,bare,bus, --skip-latency, --compression TYPE,"
                            + " --batch-size BYTES, --trace)");
                    System.exit(2);
                }
            }
        }
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

    /**
     * What to run. A run with fewer sizes or pipelines, or without the latency runs, is for comparing one change
     * quickly (the ratios of pipelines measured in the same run); only a full run makes the page.
     */
    record Options(
            Duration duration,
            Path output,
            boolean jmh,
            boolean audit,
            List<Integer> sizes,
            List<String> pipelines,
            boolean latency,
            String compression,
            int batchSize) {
        Options {
            sizes = List.copyOf(sizes);
            pipelines = List.copyOf(pipelines);
            for (int size : sizes) {
                if (size != BusPipe.SMALL && size != BusPipe.DEMO_MEAN) {
                    throw new IllegalArgumentException(
                            "--sizes takes " + BusPipe.SMALL + " and " + BusPipe.DEMO_MEAN + ", not " + size);
                }
            }
            for (String pipeline : pipelines) {
                if (!ALL.contains(pipeline)) {
                    throw new IllegalArgumentException(
                            "--pipelines takes " + String.join(",", ALL) + ", not " + pipeline);
                }
            }
        }

        Options withDuration(Duration d) {
            return new Options(d, output, jmh, audit, sizes, pipelines, latency, compression, batchSize);
        }

        Options withOutput(Path o) {
            return new Options(duration, o, jmh, audit, sizes, pipelines, latency, compression, batchSize);
        }

        Options withoutJmh() {
            return new Options(duration, output, false, audit, sizes, pipelines, latency, compression, batchSize);
        }

        Options withoutAudit() {
            return new Options(duration, output, jmh, false, sizes, pipelines, latency, compression, batchSize);
        }

        Options withSizes(List<Integer> s) {
            return new Options(duration, output, jmh, audit, s, pipelines, latency, compression, batchSize);
        }

        Options withPipelines(List<String> p) {
            return new Options(duration, output, jmh, audit, sizes, p, latency, compression, batchSize);
        }

        Options withoutLatency() {
            return new Options(duration, output, jmh, audit, sizes, pipelines, false, compression, batchSize);
        }

        Options withCompression(String c) {
            return new Options(duration, output, jmh, audit, sizes, pipelines, latency, c, batchSize);
        }

        Options withBatchSize(int b) {
            return new Options(duration, output, jmh, audit, sizes, pipelines, latency, compression, b);
        }

        boolean runs(String pipeline) {
            return pipelines.contains(pipeline);
        }
    }

    /** Everything one run measured, as the report shows it. */
    record Figures(
            Duration duration,
            double loadBefore,
            double loadAfter,
            Map<Integer, Double> writtenPerEvent,
            List<Result> results,
            Optional<Audit> audit,
            Optional<Profile.Hot> profile,
            List<RunResult> parts) {}

    /** {@code audit verify} over the inbox the bus delivered to. */
    record Audit(String topic, long records, long distinct, double seconds, int exitCode) {
        double perSecond() {
            return records / seconds;
        }
    }

    static void run(Options options) throws Exception {
        double loadBefore = Load.now();
        Duration duration = options.duration();
        Path data = Files.createTempDirectory("ddrr-bench");
        Credentials credentials = Credentials.inMemory();
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Duration warmUp = Duration.ofSeconds(Math.min(5, duration.toSeconds() / 3));
        List<Result> results = new ArrayList<>();
        Optional<Audit> audit = Optional.empty();
        Optional<Profile.Hot> hot = Optional.empty();
        Map<Integer, Double> writtenPerEvent = new java.util.TreeMap<>();
        try (EmbeddedBroker broker = new EmbeddedBroker(
                        new BrokerSettings(data, FreePorts.next(), FreePorts.next(), Credentials.generate(24)))
                .start()) {
            Map<String, Object> admin = broker.adminClientProperties();
            try (Admin client = Admin.create(admin)) {
                // This bus plays every partner: each principal gets its password here, as its enrolment would.
                DesiredState desired = DesiredState.from(agreement, TopicLayout.singleNode());
                desired.principals().forEach(credentials::passwordFor);
                new Provisioner(client, desired, credentials).applyAgreement(false);
                List<NewTopic> topics = new ArrayList<>();
                for (String topic : List.of(PlainPipe.IN, PlainPipe.OUT)) {
                    topics.add(new NewTopic(topic, 3, (short) 1));
                }
                for (String topic : StreamsRelay.topics()) {
                    topics.add(new NewTopic(topic, 3, (short) 1));
                }
                client.createTopics(topics).all().get();
            }
            // The operator's part: a directory key, and the keys of the bench's principals registered with it.
            Path keys = data.resolve("keys");
            DirectoryKey directoryKey = DirectoryKey.provision(HomeLayout.directoryKeyIn(data));
            directoryKey.anchor().write(keys.resolve(DirectoryAnchor.FILE_NAME));
            SigningKey iomKey;
            try (KeyRegistrar registrar = KeyRegistrar.connect(
                    admin,
                    directoryKey,
                    KeyRegistrar.principalsOf(agreement),
                    Clock.systemUTC(),
                    Duration.ofSeconds(30))) {
                for (String principal : List.of("iom", "nctc", "exchange", "auditor")) {
                    registrar.registerOwn(PrivateKeys.at(keys.resolve("private"), principal), Instant.now());
                }
                iomKey = PrivateKeys.at(keys.resolve("private"), "iom").ensureOne();
            }
            // Every client and the exchange speak the broker's one protocol (SASL_SSL), so all of them pay for TLS.
            List<String> exchangeArgs = new ArrayList<>();
            if (options.compression() != null) {
                exchangeArgs.add("--ddrr.exchange.compression=" + options.compression());
            }
            if (options.batchSize() > 0) {
                exchangeArgs.add("--ddrr.exchange.batch-size=" + options.batchSize());
            }
            ConfigurableApplicationContext exchange = ExchangeApplication.application()
                    .run(Stream.concat(
                                    Stream.of(
                                            "--ddrr.bus.bootstrap-servers="
                                                    + broker.settings().bootstrapServers(),
                                            "--ddrr.bus.security-protocol="
                                                    + broker.settings().securityProtocol(),
                                            "--ddrr.bus.ca-certificate="
                                                    + broker.caCertificate()
                                                            .map(Path::toString)
                                                            .orElse(""),
                                            "--ddrr.bus.password=" + credentials.passwordFor("exchange"),
                                            "--ddrr.bus.keys-dir=" + keys,
                                            "--ddrr.exchange.state-dir=" + data.resolve("exchange"),
                                            "--spring.main.log-startup-info=false"),
                                    exchangeArgs.stream())
                            .toArray(String[]::new));
            MeterRegistry meters = exchange.getBean(MeterRegistry.class);
            Pipeline.traceProbe = () -> String.format(
                    " (the exchange: %.0f delivered to nctc so far)",
                    meters.find(MeterNames.DELIVERED).tag(MeterNames.RECIPIENT, "nctc").counters().stream()
                            .mapToDouble(c -> c.count())
                            .sum());
            try (Admin client = Admin.create(admin)) {
                Map<String, Object> iom = clientOf(broker, "iom", credentials);
                Map<String, Object> nctc = clientOf(broker, "nctc", credentials);
                if (options.runs(BUS)) {
                    warmUp(new BusPipe(iom, nctc, iomKey, options.sizes().get(0)), duration);
                }
                for (int size : options.sizes()) {
                    BusPipe bus = new BusPipe(iom, nctc, iomKey, size);
                    long[] before = exchangeOffsets(client);
                    bus.run(2_000, Duration.ofSeconds(8), Duration.ofSeconds(3), 1);
                    long[] after = exchangeOffsets(client);
                    // What the exchange writes per event, counted on the broker: deliveries, receipts, changelogs
                    // and transaction markers, over what reached the outbox.
                    double written = (double) (after[1] - before[1]) / (after[0] - before[0]);
                    writtenPerEvent.put(bus.valueSize(), written);
                    int recordsPerInput = (int) Math.max(1, Math.round(written));
                    System.out.printf("  the exchange wrote %.2f records per event%n", written);
                    Header[] delivery = bus.sampleHeaders();
                    Header[] outbox = bus.outboxHeaders();
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
                            new Header[0],
                            new Header[0],
                            recordsPerInput,
                            COMMIT_INTERVAL,
                            data.resolve("relay-bare"),
                            options.compression(),
                            options.batchSize());
                    if (size == options.sizes().get(0)) {
                        // One unmeasured pass of every pipeline first. On 2026-12-04 the bus's first peak after the
                        // relays' first runs came out 5 to 10 times slower than the bus before them and than its
                        // second size's peak after them (loaded runs; docs/benchmarks.md): whatever the first pass
                        // leaves behind (JIT profiles shared in this JVM, the broker's first load), it is paid here.
                        System.out.println("  one unmeasured pass of every pipeline ...");
                        Duration pass = Duration.ofSeconds(Math.max(5, duration.toSeconds() / 2));
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
                        bus.run(2_000, Duration.ofSeconds(5), Duration.ofSeconds(2), 1);
                        Map<String, Double> refusedBefore = refusals(exchange);
                        busPeak = report(bus.run(0, duration, warmUp, 1));
                        reportRefusals(refusedBefore, refusals(exchange));
                        if (profiled) {
                            hot = Optional.of(profile.stop("ddrr-exchange", 15));
                        }
                        results.add(busPeak);
                    }
                    Result plainPeak = null;
                    if (options.runs(PLAIN)) {
                        plain.run(20_000, Duration.ofSeconds(5), Duration.ofSeconds(2), 1);
                        plainPeak = report(plain.run(0, duration, warmUp, 1));
                        results.add(plainPeak);
                    }
                    if (options.runs(RELAY)) {
                        relay.run(5_000, Duration.ofSeconds(5), Duration.ofSeconds(2), 1);
                        results.add(report(relay.run(0, duration, warmUp, 1)));
                    }
                    if (options.runs(BARE)) {
                        bare.run(5_000, Duration.ofSeconds(5), Duration.ofSeconds(2), 1);
                        results.add(report(bare.run(0, duration, warmUp, 1)));
                    }
                    if (options.latency()) {
                        System.out.println("  latency at half of each peak ...");
                        if (plainPeak != null) {
                            results.add(report(plain.run(half(plainPeak), duration, warmUp, 1)));
                        }
                        if (busPeak != null) {
                            results.add(report(bus.run(half(busPeak), duration, warmUp, 1)));
                        }
                    }
                }
                // Written now and again at the end, so the pipelines' figures survive an audit cut short.
                Figures sofar =
                        new Figures(duration, loadBefore, Load.now(), writtenPerEvent, results, audit, hot, List.of());
                Report.write(options.output(), sofar);
                JsonReport.write(options.output(), sofar);
                if (options.audit()) {
                    String inbox = Topics.inbox("nctc");
                    long distinct = records(client, inbox);
                    AuditCopies.fill(admin, inbox, AUDITED_RECORDS);
                    audit = Optional.of(audit(broker, credentials, keys, inbox, distinct, records(client, inbox)));
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
        Figures figures = new Figures(duration, loadBefore, Load.now(), writtenPerEvent, results, audit, hot, parts);
        Report.write(options.output(), figures);
        JsonReport.write(options.output(), figures);
        System.out.println("wrote " + options.output().resolve("benchmarks.md") + " and benchmarks.json");
    }

    /** Runs {@code audit verify} as an oversight body would, and times it. */
    private static Audit audit(
            EmbeddedBroker broker, Credentials credentials, Path keys, String topic, long distinct, long records) {
        System.out.println("  audit verify over " + records + " records of " + topic + " (" + distinct
                + " delivered by the exchange in this run, the rest copies of them) ...");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long started = System.nanoTime();
        int exit = AuditMain.run(
                new PrintWriter(out),
                new PrintWriter(err),
                "verify",
                "--topic",
                topic,
                "--bootstrap",
                broker.settings().bootstrapServers(),
                "--password",
                credentials.passwordFor("auditor"),
                "--keys-dir",
                keys.toString(),
                "--ca",
                broker.caCertificate().map(Path::toString).orElse(""),
                "--as",
                "bench");
        double seconds = (System.nanoTime() - started) / 1e9;
        Matcher counted =
                Pattern.compile(Pattern.quote(topic) + ": (\\d+) records").matcher(out.toString());
        long verified = counted.find() ? Long.parseLong(counted.group(1)) : records;
        String firstLine = out.toString().lines().findFirst().orElse("");
        System.out.printf(
                "  audit verify: %d records in %.1f s (%,.0f records/s), exit %d: %s %s%n",
                verified,
                seconds,
                verified / seconds,
                exit,
                firstLine,
                err.toString().trim());
        return new Audit(topic, verified, distinct, seconds, exit);
    }

    /** Records in every partition of a topic (end offsets; this bench never deletes). */
    private static long records(Admin client, String topic) throws Exception {
        return endOffsets(client, List.of(topic));
    }

    /** What reached iom's outbox, and what the exchange wrote (inboxes and its changelogs), as end offsets. */
    private static long[] exchangeOffsets(Admin client) throws Exception {
        List<String> written = client.listTopics().names().get().stream()
                .filter(t ->
                        Topics.inboxOwner(t).isPresent() || (t.startsWith("ddrr-exchange") && t.endsWith("-changelog")))
                .toList();
        return new long[] {endOffsets(client, List.of(Topics.outbox("iom"))), endOffsets(client, written)};
    }

    private static long endOffsets(Admin client, List<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        client.describeTopics(topics)
                .allTopicNames()
                .get()
                .forEach((name, description) -> description
                        .partitions()
                        .forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        return client.listOffsets(request).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }

    /**
     * Brings the exchange up to speed before anything of it is measured. Until 2026-12-04 only the first size's runs
     * warmed it (a few seconds at 1,000 and 2,000 events/s), and the first size measured came out 4 to 10 times slower
     * than the second, whichever size it was (42 bytes then 55 gave 1,737–2,110 against 14,212 events/s; 55 then 42
     * gave 433 against 4,616), which read as a difference between two nearly equal sizes. On a saturated machine a
     * fresh exchange can also stall for tens of seconds in its first minutes, warmed or not: {@code --trace} shows it.
     */
    private static void warmUp(BusPipe bus, Duration duration) throws InterruptedException {
        System.out.println("warming up the bus ...");
        // Until the exchange delivers: on a busy machine its first rebalance can take a while. Slowly, so the probes
        // leave no backlog for the runs after them.
        for (int tries = 0;
                tries < 10
                        && bus.run(100, Duration.ofSeconds(5), Duration.ofSeconds(1), 1)
                                        .delivered()
                                == 0;
                tries++) {
            System.out.println("  waiting for the exchange to deliver ...");
        }
        // Then flat out for as long as a measurement, unmeasured: the JIT compiles the exchange's hot path here.
        Result warm = bus.run(0, duration, Duration.ofSeconds(Math.min(5, duration.toSeconds() / 3)), 1);
        System.out.printf("  warm-up, not measured: %.0f events/s%n", warm.deliveredPerSecond());
    }

    /** What the exchange refused so far, by reason: a bench event refused would measure the refusal path. */
    private static Map<String, Double> refusals(ConfigurableApplicationContext exchange) {
        Map<String, Double> refused = new java.util.TreeMap<>();
        exchange.getBean(MeterRegistry.class)
                .find(MeterNames.REFUSED)
                .counters()
                .forEach(counter ->
                        refused.merge(counter.getId().getTag(MeterNames.REASON), counter.count(), Double::sum));
        return refused;
    }

    private static void reportRefusals(Map<String, Double> before, Map<String, Double> after) {
        after.forEach((reason, count) -> {
            double during = count - before.getOrDefault(reason, 0.0);
            if (during > 0) {
                System.out.printf("  the exchange refused %.0f events (%s) during the run%n", during, reason);
            }
        });
    }

    /** Half a peak, as an offered rate: never 0, which would mean as fast as possible. */
    private static long half(Result peak) {
        return Math.max(100, (long) (peak.deliveredPerSecond() / 2));
    }

    private static Map<String, Object> clientOf(EmbeddedBroker broker, String principal, Credentials credentials) {
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, credentials.passwordFor(principal)));
        return props;
    }

    private static Result report(Result result) {
        System.out.printf(
                "  %-32s %4d B  offered %8s/s  delivered %9.0f/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms%n",
                result.pipeline(),
                result.valueBytes(),
                result.offeredPerSecond() == 0 ? "max" : Long.toString(result.offeredPerSecond()),
                result.deliveredPerSecond(),
                result.p50Ms(),
                result.p95Ms(),
                result.p99Ms());
        return result;
    }
}
