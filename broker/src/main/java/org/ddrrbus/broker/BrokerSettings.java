package org.ddrrbus.broker;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where and how the embedded broker runs.
 *
 * @param dataDir broker state lives under {@code dataDir/kafka}, its TLS material under {@code dataDir/operator}; both
 *     survive restarts
 * @param port the client listener: SASL_SSL, or SASL_PLAINTEXT when {@code tls} is off
 * @param controllerPort the KRaft controller listener, always on 127.0.0.1 and never given to clients
 * @param adminPassword password of the {@code admin} super user, the only principal the broker knows before provisioning
 * @param advertisedHost the address clients reach the broker at, named in its certificate; on any address but a
 *     loopback one the broker listens on every interface
 * @param tls whether the client listener speaks TLS (the default); tests that share one broker may turn it off
 * @param overrides extra broker properties, applied last
 */
public record BrokerSettings(
        Path dataDir,
        int port,
        int controllerPort,
        String adminPassword,
        String advertisedHost,
        boolean tls,
        Map<String, String> overrides) {

    public static final String ADMIN = "admin";
    public static final String LOOPBACK = "127.0.0.1";

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|[0-9A-Fa-f:.]{2,45}");

    public BrokerSettings {
        if (adminPassword == null || adminPassword.isBlank()) {
            throw new IllegalArgumentException("the broker needs an admin password");
        }
        if (advertisedHost == null || !HOST.matcher(advertisedHost).matches()) {
            throw new IllegalArgumentException("the Kafka host must be a host name or an IP address, not '"
                    + (advertisedHost == null
                            ? ""
                            : advertisedHost.lines().findFirst().orElse("")) + "'");
        }
        overrides = Map.copyOf(overrides);
    }

    /** A TLS broker on loopback. */
    public BrokerSettings(Path dataDir, int port, int controllerPort, String adminPassword) {
        this(dataDir, port, controllerPort, adminPassword, LOOPBACK, true, Map.of());
    }

    public BrokerSettings withAdvertisedHost(String host) {
        return new BrokerSettings(dataDir, port, controllerPort, adminPassword, host, tls, overrides);
    }

    public BrokerSettings withTls(boolean on) {
        return new BrokerSettings(dataDir, port, controllerPort, adminPassword, advertisedHost, on, overrides);
    }

    public BrokerSettings withOverrides(Map<String, String> extra) {
        return new BrokerSettings(dataDir, port, controllerPort, adminPassword, advertisedHost, tls, extra);
    }

    /** {@code SASL_SSL}, or {@code SASL_PLAINTEXT} without TLS. */
    public String securityProtocol() {
        return tls ? "SASL_SSL" : "SASL_PLAINTEXT";
    }

    /** Where clients connect: the advertised host, which is also what the broker's metadata sends them to. */
    public String bootstrapServers() {
        return hostPort(advertisedHost, port);
    }

    /** The address the client listener binds: loopback, or every interface when advertised elsewhere. */
    String listenHost() {
        return isLoopback(advertisedHost) ? LOOPBACK : "0.0.0.0";
    }

    static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Whether {@code host} is this machine's loopback: a listener for it stays on loopback, others on every interface. */
    public static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
