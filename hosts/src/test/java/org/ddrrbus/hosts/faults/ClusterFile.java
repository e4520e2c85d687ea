package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.provisioning.Credentials;

/**
 * What every process of a cluster on hosts reads to join it: one properties file the test writes before starting
 * anything. The machine's file system is shared by the hosts, so it stands in for what an operator hands out.
 *
 * @param bootstrap every broker, as the hosts reach them
 * @param voters the KRaft controller quorum ({@code id@address:port,...})
 * @param clusterId one id for the three brokers' storage
 * @param adminPassword the super user's password, and the controllers' PLAIN secret
 * @param caFolder the bus CA (key and certificate) every broker's certificate is issued from
 * @param passwords every principal's password, written at provisioning
 * @param keys {@code private/} with every principal's signing keys and {@code directory.pub}, written at provisioning
 */
record ClusterFile(
        String bootstrap,
        String voters,
        String clusterId,
        String adminPassword,
        Path caFolder,
        Path passwords,
        Path keys) {

    static ClusterFile read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return new ClusterFile(
                p.getProperty("bootstrap"),
                p.getProperty("voters"),
                p.getProperty("cluster.id"),
                p.getProperty("admin.password"),
                Path.of(p.getProperty("ca.folder")),
                Path.of(p.getProperty("passwords")),
                Path.of(p.getProperty("keys")));
    }

    void write(Path file) {
        Properties p = new Properties();
        p.put("bootstrap", bootstrap);
        p.put("voters", voters);
        p.put("cluster.id", clusterId);
        p.put("admin.password", adminPassword);
        p.put("ca.folder", caFolder.toString());
        p.put("passwords", passwords.toString());
        p.put("keys", keys.toString());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "a cluster on separate hosts");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes this as {@code cluster.properties} in {@code folder}, and returns that file. */
    Path writeTo(Path folder) {
        Path file = folder.resolve("cluster.properties");
        write(file);
        return file;
    }

    Path caCertificate() {
        return caFolder.resolve("ca.crt");
    }

    /** SASL_SSL as the bus speaks it, trusting the bus CA, logged in as {@code principal}. */
    Map<String, Object> client(String principal, String password) {
        Map<String, Object> props = new HashMap<>(BrokerTls.clientTrust(caCertificate()));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, principal, password));
        return props;
    }

    Map<String, Object> admin() {
        return client(BrokerSettings.ADMIN, adminPassword);
    }

    /** A provisioned principal's client settings; its password must exist already. */
    Map<String, Object> client(String principal) {
        Credentials credentials = Credentials.at(passwords);
        if (!credentials.has(principal)) {
            throw new IllegalStateException("no password for " + principal + " in " + passwords);
        }
        return client(principal, credentials.passwordFor(principal));
    }
}
