package org.ddrrbus.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test JVM's way into a host's network, which it is not part of: a small JVM on the host ({@link GateServer})
 * listens on a Unix socket file, and local ports on the test's loopback are forwarded through it. So the test's HTTP
 * clients, Kafka clients or port checks work unchanged, as if they sat on that host.
 */
public final class Gate implements AutoCloseable {

    private final Host host;
    private final Path socket;
    private final HostProcess server;
    private final Map<String, ServerSocketChannel> forwards = new ConcurrentHashMap<>();

    private Gate(Host host, Path socket, HostProcess server) {
        this.host = host;
        this.socket = socket;
        this.server = server;
    }

    static Gate open(Host host) {
        try {
            // A Unix socket path is limited to about 100 bytes: a short folder of its own, not the test's work folder.
            Path folder = Files.createTempDirectory("ddrrh");
            Path socket = folder.resolve(host.name() + ".sock");
            String classes = Path.of(GateServer.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
            HostProcess server = host.process("gate")
                    .javaMain(
                            List.of("-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                            classes,
                            GateServer.class.getName(),
                            List.of(socket.toString()))
                    .start();
            server.awaitLine(GateServer.READY, Duration.ofSeconds(60));
            return new Gate(host, socket, server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code address:port} accepts a TCP connection from the gate's host now. */
    public boolean canConnect(String address, int port) {
        try (SocketChannel channel = through(address, port)) {
            return channel != null;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port on the test JVM's loopback that leads to {@code address:port} as seen from the gate's host; the same one
     * for the same target.
     */
    public InetSocketAddress forward(String address, int port) {
        ServerSocketChannel local = forwards.computeIfAbsent(address + ":" + port, key -> listen(address, port));
        try {
            return (InetSocketAddress) local.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<forwarded port>} for a web service at {@code address:port}. */
    public String http(String address, int port) {
        return "http://127.0.0.1:" + forward(address, port).getPort();
    }

    private ServerSocketChannel listen(String address, int port) {
        try {
            ServerSocketChannel local = ServerSocketChannel.open();
            local.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread acceptor = new Thread(() -> accept(local, address, port), "gate-" + host.name() + "-" + port);
            acceptor.setDaemon(true);
            acceptor.start();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel local, String address, int port) {
        while (local.isOpen()) {
            try {
                SocketChannel client = local.accept();
                Thread thread = new Thread(
                        () -> {
                            try (client;
                                    SocketChannel far = through(address, port)) {
                                if (far != null) {
                                    GateServer.pipeBothWays(client, far);
                                }
                            } catch (IOException e) {
                                // Either end went away.
                            }
                        },
                        "gate-" + host.name());
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // Closed.
            }
        }
    }

    /** A connection to {@code address:port} through the gate, or null when refused there. */
    private SocketChannel through(String address, int port) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(GateServer.request(address, port)));
            ByteBuffer answer = ByteBuffer.allocate(1);
            if (channel.read(answer) == 1 && answer.get(0) == GateServer.CONNECTED) {
                return channel;
            }
            channel.close();
            return null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() {
        forwards.values().forEach(local -> {
            try {
                local.close();
            } catch (IOException e) {
                // Closing anyway.
            }
        });
        server.close();
        try {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(socket.getParent());
        } catch (IOException e) {
            // A leftover empty temp folder is harmless.
        }
    }
}
