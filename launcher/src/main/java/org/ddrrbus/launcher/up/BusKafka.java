package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.EmbeddedBroker;
import org.ddrrbus.client.agreement.Agency;
import org.ddrrbus.client.agreement.Role;
import org.ddrrbus.client.agreement.SharingAgreement;
import org.ddrrbus.launcher.system.BusAddress;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Ports;
import org.ddrrbus.launcher.system.Workspace;
import org.ddrrbus.provisioning.Credentials;
import org.ddrrbus.provisioning.TopicLayout;

/**
 * The Kafka {@code up} runs the bus on: the cluster KAFKA_BOOTSTRAP names, or a persistent broker it starts in this
 * process; with what the operator's clients and the partners' enrolments need to reach it.
 *
 * @param broker the broker started in this process, none when a cluster is used
 * @param ca the CA certificate partners trust the broker by, if there is one
 */
record BusKafka(
        Optional<EmbeddedBroker> broker,
        Map<String, Object> admin,
        TopicLayout layout,
        BusAddress address,
        Optional<Path> ca) {

    /**
     * Uses the named cluster or starts the embedded broker, once every port the components need (and the broker's own)
     * is free.
     *
     * @param needed the port of each component that will run in this process
     * @param existing whether the data directory held a bus before this start
     */
    static BusKafka start(
            Optional<Cluster> cluster,
            String kafkaHost,
            Ports ports,
            Map<String, Integer> needed,
            Workspace workspace,
            boolean existing,
            Credentials operator,
            SharingAgreement agreement,
            PrintWriter out) {
        if (cluster.isPresent() && !kafkaHost.equals(BrokerSettings.LOOPBACK)) {
            throw new IllegalArgumentException(
                    "--kafka-host is the embedded broker's address, but KAFKA_BOOTSTRAP names another cluster");
        }
        if (cluster.isPresent()) {
            requireFree(needed);
            Map<String, Object> admin = cluster.get().adminProperties();
            TopicLayout layout = cluster.get().layout();
            BusAddress address = new BusAddress(
                    cluster.get().bootstrapServers(), cluster.get().securityProtocol());
            // A cluster's CA is the operator's to place where partner enrol finds it (<data>/operator/ca/ca.crt).
            Optional<Path> ca = workspace.caCertificateIfAny();
            out.println("Using the Kafka cluster at " + cluster.get().bootstrapServers());
            return new BusKafka(Optional.empty(), admin, layout, address, ca);
        }
        Map<String, Integer> all = new LinkedHashMap<>();
        all.put("Kafka", ports.kafka());
        all.put("Kafka controller", ports.controller());
        all.putAll(needed);
        requireFree(all);
        Path data = workspace.dataDir();
        out.println((existing ? "Restarting" : "Starting") + " the embedded Kafka broker (data in " + data + ") ...");
        out.flush();
        // The principals that may read every inbox are on the broker's own record, whatever client they use.
        EmbeddedBroker broker = new EmbeddedBroker(
                        new BrokerSettings(data, ports.kafka(), ports.controller(), operator.passwordFor("admin"))
                                .withAdvertisedHost(kafkaHost),
                        agreement.agenciesWith(Role.AUDITOR).stream()
                                .map(Agency::id)
                                .collect(Collectors.toSet()))
                .start();
        return new BusKafka(
                Optional.of(broker),
                broker.adminClientProperties(),
                TopicLayout.singleNode(),
                new BusAddress(
                        broker.settings().bootstrapServers(), broker.settings().securityProtocol()),
                broker.caCertificate());
    }

    private static void requireFree(Map<String, Integer> ports) {
        ports.forEach((what, port) -> {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "port " + port + " (" + what + ") is already in use: is another ddrr up running?");
            }
        });
    }
}
