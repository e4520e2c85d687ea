package org.ddrrbus.launcher.up;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.ddrrbus.broker.tls.BrokerTls;
import org.ddrrbus.broker.tls.CaKeyStore;
import org.ddrrbus.broker.tls.CertificateAuthority;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ddrr key-holder}: where a cluster's CA key is (the certs job of docker-compose.yml, or the operator's CA
 * folder), issue the exchange's key holder its HTTPS certificate, as {@code ./ddrr up} does for its own broker
 * ({@link BrokerTls#issueKeyHolder}). {@code up} on the cluster ({@code KAFKA_BOOTSTRAP}, {@code --key-holder-host})
 * finds it in {@code <data>/operator/key-holder.pem} and serves it.
 */
@Command(
        name = "key-holder",
        mixinStandardHelpOptions = true,
        description = {
            "Where the bus CA's key is: issue the exchange's key holder (port 8091, where nodes ask for people's keys)",
            "its key and certificate, naming HOST, into a PEM file for ./ddrr up on a cluster",
            "(<data>/operator/key-holder.pem). The CA is a folder of ca.key and ca.crt (as ./ddrr up keeps it) or a",
            "PKCS#12 store (as the certs job of docker-compose.yml keeps it)."
        })
public final class KeyHolderCommand implements Callable<Integer> {

    /** Where the CA is: one of the two. */
    static final class Authority {
        @Option(names = "--ca", paramLabel = "DIR", description = "A folder holding ca.key and ca.crt.")
        Path folder;

        @Option(names = "--ca-store", paramLabel = "FILE", description = "A PKCS#12 store holding the CA's key.")
        Path store;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Authority authority;

    @Option(
            names = "--ca-alias",
            defaultValue = "ca",
            description = "The CA's alias in --ca-store (default: ${DEFAULT-VALUE}).")
    String alias;

    @Option(
            names = "--ca-password-env",
            paramLabel = "VAR",
            defaultValue = "KAFKA_SSL_PASSWORD",
            description = "The environment variable holding --ca-store's password (default: ${DEFAULT-VALUE}).")
    String passwordVariable;

    @Option(
            names = "--host",
            required = true,
            paramLabel = "HOST",
            description = "The address nodes reach the key holder at (up's --key-holder-host).")
    String host;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The PEM file to write (owner-only).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        CertificateAuthority ca;
        if (authority.folder != null) {
            ca = CertificateAuthority.read(authority.folder, clock);
        } else {
            String password = System.getenv(passwordVariable);
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "--ca-store needs its password in the environment variable " + passwordVariable);
            }
            ca = CaKeyStore.read(authority.store, password.toCharArray(), alias, clock);
        }
        Path written = BrokerTls.issueKeyHolder(ca, host, out, clock);
        spec.commandLine().getOut().println("key holder certificate for " + host + " written to " + written);
        return 0;
    }
}
