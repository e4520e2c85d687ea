package org.ddrrbus.launcher.federation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.ddrrbus.client.login.SaslLogin;
import org.ddrrbus.client.tls.CaTrust;
import org.ddrrbus.federation.link.FederationSetup;
import org.ddrrbus.federation.link.FederationTopics;
import org.ddrrbus.launcher.system.PrivateFiles;

/**
 * What one bus's operator hands to whoever runs MirrorMaker 2 ({@code ./ddrr federate --side mirror --mirror-login}):
 * the bus's address and the password of its principal {@code mirrormaker}, which {@code ./ddrr federate --side <cc>}
 * gives it there. The bus's CA certificate travels in the federation agreement ({@code buses.<cc>.caCertificate}).
 *
 * @param country the bus's country code
 * @param bootstrapServers its broker's address
 * @param securityProtocol how clients reach it
 * @param password the password of {@code mirrormaker} there
 */
record MirrorLogin(String country, String bootstrapServers, String securityProtocol, String password) {

    /** The file {@code --side <cc>} writes in the operator's folder, to hand over. */
    static final String FILE_NAME = "mirrormaker-login.properties";

    private static final String COUNTRY = "country";
    private static final String PASSWORD = "mirrormaker.password";

    /** Where {@code --side <cc>} keeps the login it gave: in the operator's folder of the bus's data folder. */
    static Path fileOf(LocalBus bus) {
        return bus.operatorDir().resolve(FILE_NAME);
    }

    /**
     * Gives {@code mirrormaker} its login and ACLs on {@code bus}, as its operator, and writes the file to hand over. A
     * login given before is kept (same password), so a restarted side leaves a running mirror logged in.
     */
    static MirrorLogin give(LocalBus bus, String remote) {
        Path file = fileOf(bus);
        String password = Files.isRegularFile(file) ? read(file).password() : fresh();
        Map<String, Object> address = bus.address();
        MirrorLogin login = new MirrorLogin(
                bus.country(),
                String.valueOf(address.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)),
                String.valueOf(address.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)),
                password);
        try (Admin admin = Admin.create(bus.admin())) {
            FederationSetup.mirrorMaker(admin, bus.country(), remote, password);
        }
        login.write(file);
        return login;
    }

    /** Reads a handed-over file. */
    static MirrorLogin read(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MirrorMaker login " + file, e);
        }
        for (String key : new String[] {
            COUNTRY,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
            CommonClientConfigs.SECURITY_PROTOCOL_CONFIG,
            PASSWORD
        }) {
            if (props.getProperty(key, "").isBlank()) {
                throw new IllegalArgumentException(file + " is no MirrorMaker login: it has no " + key);
            }
        }
        return new MirrorLogin(
                props.getProperty(COUNTRY),
                props.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
                props.getProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG),
                props.getProperty(PASSWORD));
    }

    void write(Path file) {
        Properties props = new Properties();
        props.setProperty(COUNTRY, country);
        props.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        props.setProperty(PASSWORD, password);
        try {
            PrivateFiles.directory(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                props.store(
                        out,
                        "The login of " + FederationTopics.MIRROR_PRINCIPAL + " on bus " + country
                                + ", for ./ddrr federate --side mirror --mirror-login " + country
                                + "=<this file>. Secret.");
            }
            PrivateFiles.tighten(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Client settings of {@code mirrormaker} on this bus, trusting {@code ca} (the agreement's) when it has one. */
    Map<String, Object> client(Optional<Path> ca) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, securityProtocol);
        ca.ifPresent(file -> props.putAll(CaTrust.settings(file)));
        props.putAll(SaslLogin.settings(SaslLogin.SCRAM, FederationTopics.MIRROR_PRINCIPAL, password));
        return props;
    }

    @Override
    public String toString() {
        return "MirrorLogin[" + country + ", " + bootstrapServers + "]";
    }

    private static String fresh() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
