package org.ddrrbus.broker;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how the embedded broker runs.
 *
 * @param dataDir broker state lives under {@code dataDir/kafka}; it survives restarts
 * @param port the SASL_PLAINTEXT client listener on 127.0.0.1
 * @param controllerPort the KRaft controller listener on 127.0.0.1
 * @param adminPassword password of the {@code admin} super user, the only principal the broker knows before provisioning
 * @param overrides extra broker properties, applied last
 */
public record BrokerSettings(
        Path dataDir, int port, int controllerPort, String adminPassword, Map<String, String> overrides) {

    public static final String ADMIN = "admin";

    public BrokerSettings {
        if (adminPassword == null || adminPassword.isBlank()) {
            throw new IllegalArgumentException("the broker needs an admin password");
        }
        overrides = Map.copyOf(overrides);
    }

    public BrokerSettings(Path dataDir, int port, int controllerPort, String adminPassword) {
        this(dataDir, port, controllerPort, adminPassword, Map.of());
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }
}
