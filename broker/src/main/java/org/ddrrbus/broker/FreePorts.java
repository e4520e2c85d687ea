package org.ddrrbus.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for brokers and services started by tests and by {@code ./ddrr up --free-ports}.
 *
 * <p>A port is handed out some time before its server binds it. A port the kernel picks for {@code bind(0)} lies in the
 * ephemeral range, the same range every outgoing connection (each Kafka client's, for one) takes its local port from,
 * so in that gap a client could take it and the server would fail to start. The ports handed out here lie below the
 * ephemeral range, where no outgoing connection lands, and none is handed out twice by one JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 20_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        int above = ephemeralStart();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, above);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new UncheckedIOException(new IOException("no free port between " + LOWEST + " and " + above));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            // The wildcard address: it is refused if any address of this machine, loopback included, holds the port.
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range, 32768 where the kernel does not say. */
    private static int ephemeralStart() {
        try {
            // readAllLines, not readString: a /proc file reports size 0 and readString then reads a byte of it.
            String[] range = Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            int start = Integer.parseInt(range[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
