package org.ddrrbus.launcher.system;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.provisioning.Credentials;

/**
 * How the system's components reach Kafka: where it is, how they log in, and where each principal's password is kept.
 *
 * @param agreement the agreement file every component reads; the copy shipped with the bus when empty
 * @param keysDir the components' keys folder: {@code private/} (each component's own signing keys) and
 *     {@code directory.pub} (the key directory's trust anchor)
 * @param caCertificate the bus CA's certificate every client trusts, when the bus speaks TLS
 */
public record Connection(
        String bootstrapServers,
        String securityProtocol,
        Credentials credentials,
        Optional<Path> agreement,
        Path keysDir,
        Optional<Path> caCertificate) {

    /** A connection that trusts no CA of the bus's own: plaintext, or a cluster trusted through the environment. */
    public Connection(
            String bootstrapServers,
            String securityProtocol,
            Credentials credentials,
            Optional<Path> agreement,
            Path keysDir) {
        this(bootstrapServers, securityProtocol, credentials, agreement, keysDir, Optional.empty());
    }

    /** Command-line arguments that connect a Spring component of the bus as {@code principal}. */
    public List<String> arguments(String principal) {
        List<String> args = new ArrayList<>();
        args.add("--ddrr.bus.principal=" + principal);
        args.add("--ddrr.bus.bootstrap-servers=" + bootstrapServers);
        args.add("--ddrr.bus.security-protocol=" + securityProtocol);
        args.add("--ddrr.bus.password=" + credentials.passwordFor(principal));
        agreement.ifPresent(file -> args.add("--ddrr.bus.agreement=" + file.toAbsolutePath()));
        args.add("--ddrr.bus.keys-dir=" + keysDir.toAbsolutePath());
        caCertificate.ifPresent(file -> args.add("--ddrr.bus.ca-certificate=" + file.toAbsolutePath()));
        return args;
    }

    /** The file a Kafka tool outside the bus logs in with as {@code agency}. */
    public KafkaClientFile clientFile(String agency) {
        return new KafkaClientFile(
                agency, credentials.passwordFor(agency), bootstrapServers, securityProtocol, caCertificate);
    }
}
