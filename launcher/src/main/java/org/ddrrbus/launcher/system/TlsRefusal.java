package org.ddrrbus.launcher.system;

import org.ddrrbus.client.start.StartRefused;
import org.ddrrbus.client.tls.CaTrust;

/** A command's Kafka failure that is a failed TLS handshake, said as the one line the command prints. */
public final class TlsRefusal {

    private TlsRefusal() {}

    /**
     * @param trusted the CA certificate (or trust store) the command's clients trusted
     * @return {@code failure} itself, unless it is a TLS failure: then one line naming what to check
     */
    public static RuntimeException of(RuntimeException failure, String bootstrapServers, String trusted) {
        return CaTrust.explain(failure, trusted)
                .<RuntimeException>map(
                        line -> new StartRefused("cannot connect to Kafka at " + bootstrapServers + ": " + line))
                .orElse(failure);
    }
}
