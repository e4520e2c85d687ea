package org.ddrrbus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.broker.FreePorts;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.client.home.HomeLayout;
import org.ddrrbus.client.keys.DirectoryAnchor;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.client.keys.KeyRegistrar;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.DesiredState;
import org.ddrrbus.provisioning.Provisioner;
import org.ddrrbus.provisioning.TopicLayout;

/**
 * How a {@link TestBus} comes up, as {@code ./ddrr up} brings a bus up: the broker started, the agreement's topics,
 * users and ACLs provisioned, the operator's directory key made, and every principal's signing key registered.
 */
final class BusSetup {

    private BusSetup() {}

    static TestBus start(SharingAgreement agreement, boolean tls) {
        try {
            Path dir = Files.createTempDirectory("ddrr-test-bus");
            EmbeddedBroker broker = new EmbeddedBroker(
                            new BrokerSettings(dir, FreePorts.next(), FreePorts.next(), Credentials.generate(24))
                                    .withTls(tls),
                            agreement.agenciesWith(Role.AUDITOR).stream()
                                    .map(Agency::id)
                                    .collect(Collectors.toSet()))
                    .start();
            Credentials credentials = Credentials.inMemory();
            try (Admin admin = Admin.create(broker.adminClientProperties())) {
                // This bus plays every partner: each principal gets its password here, as its enrolment would.
                DesiredState desired = DesiredState.from(agreement, TopicLayout.singleNode());
                desired.principals().forEach(credentials::passwordFor);
                new Provisioner(admin, desired, credentials).applyAgreement(false);
            }
            // The operator's side: its directory key, and the trust anchor every component is given.
            DirectoryKey directoryKey = DirectoryKey.provision(HomeLayout.directoryKeyIn(dir));
            directoryKey.anchor().write(dir.resolve("keys").resolve(DirectoryAnchor.FILE_NAME));
            TestBus bus = new TestBus(broker, credentials, agreement, dir, directoryKey);
            try (KeyRegistrar registrar = bus.registrar()) {
                for (String principal : KeyRegistrar.principalsOf(agreement)) {
                    registrar.registerOwn(bus.privateKeys(principal), Instant.now());
                }
            }
            return bus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
