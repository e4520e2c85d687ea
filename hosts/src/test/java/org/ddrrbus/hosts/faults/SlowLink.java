package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;

/**
 * A slow, lossy link between one host and the brokers, made without {@code tc netem} (this machine's kernel lacks it):
 *
 * <ul>
 *   <li>delay: the hub's nftables send the host's new connections to any broker to a {@link DelayingRelay} on the hub
 *       (DNAT to one relay port per broker), which holds every byte for the delay in each direction before passing it
 *       on; connections the host had open before are reset, so that it reconnects through the relay;
 *   <li>loss: the host's own nftables drop a random share of the packets it sends to or receives from the brokers'
 *       port ({@code numgen random mod 100 < N drop}), both ways; TCP resends them, as it would between sites.
 * </ul>
 *
 * Closing removes both tables and stops the relay: the connections through it close, and the host reconnects directly.
 */
final class SlowLink implements AutoCloseable {

    static final String TABLE = "ddrr_slow";
    private static final int FIRST_RELAY_PORT = 19201;

    private final Host hub;
    private final Host host;
    private final HostProcess relay;

    private SlowLink(Host hub, Host host, HostProcess relay) {
        this.hub = hub;
        this.host = host;
        this.relay = relay;
    }

    /**
     * @param delay added to each direction, so each round trip between the host and a broker takes twice as long
     * @param lossPercent of the packets dropped in each direction
     */
    static SlowLink between(HostCluster cluster, Host host, Duration delay, int lossPercent) {
        Host hub = cluster.network().hub();
        List<String> brokers = new ArrayList<>();
        List<String> relayArgs = new ArrayList<>(List.of(String.valueOf(delay.toMillis()), hub.address()));
        StringBuilder redirects = new StringBuilder();
        for (int id = 1; id <= 3; id++) {
            String broker = cluster.brokerHost(id).address();
            brokers.add(broker);
            int port = FIRST_RELAY_PORT + id - 1;
            relayArgs.add(port + "=" + broker + ":" + ClusterBroker.PORT);
            redirects.append("    ip saddr %s ip daddr %s tcp dport %d dnat to %s:%d\n"
                    .formatted(host.address(), broker, ClusterBroker.PORT, hub.address(), port));
        }
        String set = brokers.stream().collect(Collectors.joining(", ", "{ ", " }"));
        HostProcess relay = cluster.launch(hub, "delaying-relay", DelayingRelay.class, relayArgs);
        relay.awaitLine(DelayingRelay.READY, Duration.ofMinutes(1));
        SlowLink link = new SlowLink(hub, host, relay);
        try {
            nft(host, """
                    table ip %s {
                      chain leaving {
                        type filter hook output priority filter;
                        ip daddr %s tcp dport %d numgen random mod 100 < %d drop
                      }
                      chain arriving {
                        type filter hook input priority filter;
                        ip saddr %s tcp sport %d numgen random mod 100 < %d drop
                      }
                    }
                    """.formatted(TABLE, set, ClusterBroker.PORT, lossPercent, set, ClusterBroker.PORT, lossPercent));
            nft(hub, """
                    table ip %s {
                      chain redirected {
                        type nat hook prerouting priority dstnat;
                    %s  }
                      chain passing {
                        type filter hook forward priority filter;
                        ip saddr %s ip daddr %s tcp dport %d reject with tcp reset
                        ip daddr %s ip saddr %s tcp sport %d reject with tcp reset
                      }
                    }
                    """.formatted(
                            TABLE,
                            redirects,
                            host.address(),
                            set,
                            ClusterBroker.PORT,
                            host.address(),
                            set,
                            ClusterBroker.PORT));
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** Connections the relay has carried so far: proof that the host's traffic took the slow way. */
    int relayedConnections() {
        return (int) relay.output()
                .lines()
                .filter(line -> line.startsWith(DelayingRelay.CONNECTION))
                .count();
    }

    private static void nft(Host on, String rules) {
        Path file = on.folder().resolve(TABLE + ".nft");
        try {
            Files.writeString(file, rules);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        on.exec("nft", "-f", file.toString()).require();
    }

    /** Removes what {@link #between} set up, on a host that may have none of it (after a failed test). */
    static void undo(Host hub, Host host) {
        hub.exec("nft", "delete", "table", "ip", TABLE);
        host.exec("nft", "delete", "table", "ip", TABLE);
    }

    @Override
    public void close() {
        undo(hub, host);
        relay.kill();
    }
}
