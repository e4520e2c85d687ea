package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a running bus is, as {@code ./ddrr up} records it in {@code data/operator/bus.properties} for the operator's
 * own commands: the address partners reach the broker at, and how they speak to it, and where they ask for people's
 * keys when the bus seals. It holds no secret.
 *
 * @param keyHolder the exchange's HTTPS address for key requests ({@code https://<kafka host>:<port>}), given to every
 *     node with its enrolment; none when the bus does not seal or has no CA to issue the key holder a certificate
 */
public record BusAddress(String bootstrapServers, String securityProtocol, Optional<String> keyHolder) {

    public BusAddress(String bootstrapServers, String securityProtocol) {
        this(bootstrapServers, securityProtocol, Optional.empty());
    }

    /** This address with the key holder's. */
    public BusAddress withKeyHolder(Optional<String> url) {
        return new BusAddress(bootstrapServers, securityProtocol, url);
    }

    /** The key holder's address, in {@code bus.properties} as in a node's {@code node.properties}. */
    public static final String KEY_HOLDER = "key.holder";

    public void write(Path file) {
        Properties props = new Properties();
        props.setProperty("bootstrap.servers", bootstrapServers);
        props.setProperty("security.protocol", securityProtocol);
        keyHolder.ifPresent(url -> props.setProperty(KEY_HOLDER, url));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(out, "Where the running bus is (written by ./ddrr up; no secret).");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The address recorded in {@code file}, if there is one. */
    public static Optional<BusAddress> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String servers = props.getProperty("bootstrap.servers", "");
        String protocol = props.getProperty("security.protocol", "SASL_PLAINTEXT");
        Optional<String> keyHolder =
                Optional.ofNullable(props.getProperty(KEY_HOLDER)).filter(url -> !url.isBlank());
        return servers.isBlank() ? Optional.empty() : Optional.of(new BusAddress(servers, protocol, keyHolder));
    }
}
