package org.ddrrbus.hosts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The far end of a {@link Gate}, run inside a host's namespace: it accepts connections on a Unix socket (a file, so
 * the test JVM outside the namespace can reach it), reads {@code "<address> <port>\n"}, connects there over TCP from
 * this host, answers one byte ({@code +} connected, {@code -} refused) and then copies bytes both ways.
 */
public final class GateServer {

    static final String READY = "gate open";
    static final byte CONNECTED = '+';
    static final byte REFUSED = '-';

    private GateServer() {}

    public static void main(String[] args) throws IOException {
        Path socket = Path.of(args[0]);
        Files.deleteIfExists(socket);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            System.out.println(READY);
            System.out.flush();
            while (true) {
                SocketChannel client = server.accept();
                Thread thread = new Thread(() -> serve(client), "gate");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }

    private static void serve(SocketChannel client) {
        try (client) {
            String[] target = readLine(client).split(" ");
            SocketChannel tcp;
            try {
                tcp = SocketChannel.open();
                tcp.socket().connect(new InetSocketAddress(target[0], Integer.parseInt(target[1])), 3000);
            } catch (IOException | RuntimeException e) {
                client.write(ByteBuffer.wrap(new byte[] {REFUSED}));
                return;
            }
            try (tcp) {
                client.write(ByteBuffer.wrap(new byte[] {CONNECTED}));
                pipeBothWays(client, tcp);
            }
        } catch (IOException e) {
            // The other end went away: nothing to report, the connection is simply over.
        }
    }

    /** Copies until both directions reach their end; each end is told when the other has no more to send. */
    static void pipeBothWays(SocketChannel a, SocketChannel b) {
        Thread back = new Thread(() -> pipe(b, a), "gate-back");
        back.setDaemon(true);
        back.start();
        pipe(a, b);
        try {
            back.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pipe(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // Already closing.
            }
        }
    }

    private static String readLine(SocketChannel channel) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.length() < 300) {
            one.clear();
            if (channel.read(one) < 0) {
                break;
            }
            char c = (char) one.get(0);
            if (c == '\n') {
                return line.toString();
            }
            line.append(c);
        }
        throw new IOException("no target line");
    }

    static byte[] request(String address, int port) {
        return (address + " " + port + "\n").getBytes(StandardCharsets.US_ASCII);
    }
}
