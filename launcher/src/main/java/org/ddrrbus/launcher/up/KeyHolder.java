package org.ddrrbus.launcher.up;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.ddrrbus.broker.BrokerSettings;
import org.ddrrbus.broker.tls.BrokerTls;

/**
 * The exchange as key holder for nodes on other machines: an HTTPS port with a certificate of the bus CA, issued as the
 * broker's is ({@link BrokerTls#prepareKeyHolder}) and naming the same host, listening where the broker does.
 *
 * @param url the address nodes ask, given to them with their enrolment
 * @param exchangeArguments the exchange's settings for the endpoint ({@code ddrr.exchange.key-holder.*})
 */
record KeyHolder(Optional<String> url, List<String> exchangeArguments) {

    /** No HTTPS endpoint: a bus that does not seal, or one on a cluster, whose CA's key up does not hold. */
    static final KeyHolder NONE = new KeyHolder(Optional.empty(), List.of());

    /**
     * Issues the certificate for {@code host}:{@code port} into the exchange's home, where the exchange reads every
     * setting of its own.
     */
    static KeyHolder https(Path dataDir, Path exchangeHome, String host, int port) {
        Path pem = BrokerTls.prepareKeyHolder(
                dataDir, host, exchangeHome.resolve(BrokerTls.KEY_HOLDER_FILE), Clock.systemUTC());
        String listen = BrokerSettings.isLoopback(host) ? BrokerSettings.LOOPBACK : "0.0.0.0";
        String url = "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return new KeyHolder(
                Optional.of(url),
                List.of(
                        "--ddrr.exchange.key-holder.certificate=" + pem.toAbsolutePath(),
                        "--ddrr.exchange.key-holder.address=" + listen,
                        "--ddrr.exchange.key-holder.port=" + port));
    }
}
