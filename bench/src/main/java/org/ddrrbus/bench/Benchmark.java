package org.ddrrbus.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.ddrrbus.bench.micro.PartsBenchmark;
import org.ddrrbus.bench.pipe.BusPipe;
import org.ddrrbus.bench.pipe.PlainPipe;
import org.ddrrbus.bench.pipe.Result;
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
import org.ddrrbus.client.signing.SigningKey;
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
 * {@code ./ddrr bench}: the bus and a plain Kafka pipe on the same fresh broker in the same run — peak throughput of
 * each, then latency of each at half its own peak — and JMH figures of the parts. Writes {@code docs/benchmarks.md}
 * and {@code docs/benchmarks.svg}.
 */
public final class Benchmark {

    public static void main(String[] args) throws Exception {
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        int seconds = 20;
        Path output = Path.of("docs");
        boolean jmh = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--output" -> output = Path.of(args[++i]);
                case "--skip-jmh" -> jmh = false;
                default -> {
                    System.err.println("bench: unknown option " + args[i] + " (--seconds N, --output DIR, --skip-jmh)");
                    System.exit(2);
                }
            }
        }
        try {
            run(Duration.ofSeconds(seconds), output, jmh);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(Duration duration, Path output, boolean jmh) throws Exception {
        Path data = Files.createTempDirectory("ddrr-bench");
        Credentials credentials = Credentials.inMemory();
        SharingAgreement agreement = AgreementLoader.loadDefault();
        Duration warmUp = Duration.ofSeconds(Math.min(5, duration.toSeconds() / 3));
        List<Result> results = new ArrayList<>();
        List<RunResult> parts = List.of();
        try (EmbeddedBroker broker = new EmbeddedBroker(
                        new BrokerSettings(data, FreePorts.next(), FreePorts.next(), Credentials.generate(24)))
                .start()) {
            Map<String, Object> admin = broker.adminClientProperties();
            try (Admin client = Admin.create(admin)) {
                // This bus plays every partner: each principal gets its password here, as its enrolment would.
                DesiredState desired = DesiredState.from(agreement, TopicLayout.singleNode());
                desired.principals().forEach(credentials::passwordFor);
                new Provisioner(client, desired, credentials).applyAgreement(false);
                client.createTopics(List.of(
                                new NewTopic(PlainPipe.IN, 3, (short) 1), new NewTopic(PlainPipe.OUT, 3, (short) 1)))
                        .all()
                        .get();
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
                for (String principal : List.of("iom", "nctc", "exchange")) {
                    registrar.registerOwn(PrivateKeys.at(keys.resolve("private"), principal), Instant.now());
                }
                iomKey = PrivateKeys.at(keys.resolve("private"), "iom").ensureOne();
            }
            // The plain pipe logs in with the admin's settings and the bus pipe's clients with the same but their
            // user: all of them, and the exchange, speak the broker's one protocol (SASL_SSL), so both pay for TLS.
            ConfigurableApplicationContext exchange = ExchangeApplication.application()
                    .run(
                            "--ddrr.bus.bootstrap-servers=" + broker.settings().bootstrapServers(),
                            "--ddrr.bus.security-protocol=" + broker.settings().securityProtocol(),
                            "--ddrr.bus.ca-certificate="
                                    + broker.caCertificate().map(Path::toString).orElse(""),
                            "--ddrr.bus.password=" + credentials.passwordFor("exchange"),
                            "--ddrr.bus.keys-dir=" + keys,
                            "--ddrr.exchange.state-dir=" + data.resolve("exchange"),
                            "--spring.main.log-startup-info=false",
                            "--ddrr.exchange.compression=" + System.getProperty("bench.compression", "lz4"),
                            "--ddrr.exchange.stream-threads=" + System.getProperty("bench.threads", "1"));
            try {
                BusPipe bus = new BusPipe(
                        clientOf(broker, "iom", credentials), clientOf(broker, "nctc", credentials), iomKey);
                PlainPipe plain = new PlainPipe(admin, bus.valueSize());
                System.out.println("warming up both ...");
                plain.run(20_000, Duration.ofSeconds(6), Duration.ofSeconds(3), 1);
                bus.run(2_000, Duration.ofSeconds(8), Duration.ofSeconds(4), 1);
                System.out.println("peak throughput, " + duration.toSeconds() + " s each ...");
                Result plainPeak = report(plain.run(0, duration, warmUp, 1));
                Result busPeak = report(bus.run(0, duration, warmUp, 1));
                System.out.println("latency at half of each peak ...");
                Result plainHalf = report(plain.run((long) (plainPeak.deliveredPerSecond() / 2), duration, warmUp, 1));
                Result busHalf = report(bus.run((long) (busPeak.deliveredPerSecond() / 2), duration, warmUp, 1));
                Result plainLow = report(plain.run(1_000, duration, warmUp, 1));
                Result busLow = report(bus.run(1_000, duration, warmUp, 1));
                results = List.of(plainPeak, busPeak, plainHalf, busHalf, plainLow, busLow);
            } finally {
                exchange.close();
            }
        }
        if (jmh) {
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
        Report.write(output, duration, results, parts);
        System.out.println("wrote " + output.resolve("benchmarks.md"));
    }

    private static Map<String, Object> clientOf(EmbeddedBroker broker, String principal, Credentials credentials) {
        Map<String, Object> props = new java.util.HashMap<>(broker.adminClientProperties());
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, credentials.passwordFor(principal)));
        return props;
    }

    private static Result report(Result result) {
        System.out.printf(
                "  %-16s offered %8s/s  delivered %9.0f/s  p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms%n",
                result.pipeline(),
                result.offeredPerSecond() == 0 ? "max" : Long.toString(result.offeredPerSecond()),
                result.deliveredPerSecond(),
                result.p50Ms(),
                result.p95Ms(),
                result.p99Ms());
        return result;
    }
}
