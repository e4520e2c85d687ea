package org.ddrrbus.bench;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.ddrrbus.bench.pipe.PlainPipe;
import org.ddrrbus.bench.pipe.StreamsRelay;
import org.ddrrbus.broker.EmbeddedBroker;
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
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bus a run measures, set up as an operator and its partners would: the agreement's topics, principals and ACLs
 * on the fresh broker (and the baselines' topics beside them), the keys of the bench's principals registered with the
 * directory, and the exchange started against it all.
 */
final class Stage {

    private Stage() {}

    /** Provisions the agreement (every principal gets its password here, as its enrolment would) and the pipes' topics. */
    static void provision(Map<String, Object> admin, SharingAgreement agreement, Credentials credentials)
            throws Exception {
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
    }

    /** The operator's part: a directory key, and the keys of the bench's principals registered with it; iom's key. */
    static SigningKey registerKeys(Map<String, Object> admin, Path data, Path keys, SharingAgreement agreement)
            throws Exception {
        DirectoryKey directoryKey = DirectoryKey.provision(HomeLayout.directoryKeyIn(data));
        directoryKey.anchor().write(keys.resolve(DirectoryAnchor.FILE_NAME));
        SigningKey iomKey;
        try (KeyRegistrar registrar = KeyRegistrar.connect(
                admin, directoryKey, KeyRegistrar.principalsOf(agreement), Clock.systemUTC(), Duration.ofSeconds(30))) {
            for (String principal : List.of("iom", "nctc", "exchange", "auditor")) {
                registrar.registerOwn(PrivateKeys.at(keys.resolve("private"), principal), Instant.now());
            }
            iomKey = PrivateKeys.at(keys.resolve("private"), "iom").ensureOne();
        }
        return iomKey;
    }

    /** The exchange, on the broker's one protocol (SASL_SSL, so it pays for TLS like every client). */
    static ConfigurableApplicationContext exchange(
            EmbeddedBroker broker, Credentials credentials, Path keys, Path data, Options options) {
        List<String> exchangeArgs = new ArrayList<>();
        if (options.compression() != null) {
            exchangeArgs.add("--ddrr.exchange.compression=" + options.compression());
        }
        if (options.batchSize() > 0) {
            exchangeArgs.add("--ddrr.exchange.batch-size=" + options.batchSize());
        }
        return ExchangeApplication.application()
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
    }

    static Map<String, Object> clientOf(EmbeddedBroker broker, String principal, Credentials credentials) {
        Map<String, Object> props = new HashMap<>(broker.adminClientProperties());
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, credentials.passwordFor(principal)));
        return props;
    }
}
