package org.ddrrbus.client.home;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names in a node home, the folder that holds one agency's (or one component's) settings and secrets and nothing
 * of anyone else's; {@code ./ddrr up} keeps one per component under {@code <data>/nodes/<name>}. The launcher writes
 * homes; tools such as the auditor find their own settings in one.
 */
public final class HomeLayout {

    /** The folder of {@code ./ddrr up}'s data that holds its components' homes. */
    public static final String NODES = "nodes";

    public static final String NODE_PROPERTIES = "node.properties";
    public static final String CLIENT_PROPERTIES = "client.properties";
    /**
     * The auditor's Kafka password, in place of a {@link #CLIENT_PROPERTIES}: its home holds no Kafka client file
     * that a console tool takes as-is, so that reading goes through {@code ./ddrr audit}, which records every run.
     */
    public static final String AUDITOR_LOGIN = "auditor-login.properties";

    public static final String CA_CERTIFICATE = "ca.crt";
    public static final String AGREEMENT = "agreement.yaml";
    public static final String KEYS = "keys";
    public static final String STAFF = "staff.properties";
    public static final String STATE = "state";

    /** The folder of {@code ./ddrr up}'s data that holds the operator's side and no partner's secret. */
    public static final String OPERATOR = "operator";

    /** The operator's key that signs the key directory; only the operator's folder holds it. */
    public static final String DIRECTORY_KEY = "directory.key";

    /** The folder of the operator's folder where the broker keeps the installation's CA. */
    public static final String CA = "ca";

    private static final Pattern JAAS_PASSWORD = Pattern.compile("password=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private HomeLayout() {}

    /** The home {@code ./ddrr up} keeps for {@code principal} in {@code dataDir}. */
    public static Path homeIn(Path dataDir, String principal) {
        return dataDir.resolve(NODES).resolve(principal);
    }

    /** The operator's folder in {@code dataDir}. */
    public static Path operatorIn(Path dataDir) {
        return dataDir.resolve(OPERATOR);
    }

    /** The operator's directory key in {@code dataDir}. */
    public static Path directoryKeyIn(Path dataDir) {
        return operatorIn(dataDir).resolve(DIRECTORY_KEY);
    }

    /**
     * The CA certificate the embedded broker makes in {@code dataDir}; the broker module (which knows no bus client)
     * writes it there, and a launcher test keeps the two the same.
     */
    public static Path caCertificateIn(Path dataDir) {
        return operatorIn(dataDir).resolve(CA).resolve(CA_CERTIFICATE);
    }

    /**
     * The Kafka password in a home's {@code client.properties}, or in the auditor's {@link #AUDITOR_LOGIN}, if it
     * holds one.
     */
    public static Optional<String> password(Path home) throws IOException {
        Matcher m = JAAS_PASSWORD.matcher(load(home.resolve(CLIENT_PROPERTIES)).getProperty("sasl.jaas.config", ""));
        if (m.find() && !m.group(1).isEmpty()) {
            // The JAAS line escapes quotes and backslashes in the password (SaslLogin); read it back unescaped.
            return Optional.of(m.group(1).replaceAll("\\\\(.)", "$1"));
        }
        return Optional.ofNullable(load(home.resolve(AUDITOR_LOGIN)).getProperty("password"))
                .filter(password -> !password.isEmpty());
    }

    /**
     * A setting of a home's {@code node.properties} (no secret: {@code agency}, {@code bootstrap.servers},
     * {@code security.protocol}), if the home has one.
     */
    public static Optional<String> nodeSetting(Path home, String name) throws IOException {
        return Optional.ofNullable(load(home.resolve(NODE_PROPERTIES)).getProperty(name))
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
            }
        }
        return props;
    }
}
