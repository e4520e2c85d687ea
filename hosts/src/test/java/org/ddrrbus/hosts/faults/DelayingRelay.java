package org.ddrrbus.hosts.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay that holds every byte for a fixed time in each direction: the delay of a slow link between sites, made
 * without {@code tc netem} (which this machine's kernel lacks). Run on the hub, with the hub's nftables sending one
 * host's connections to the brokers here ({@link SlowLink}):
 *
 * <pre>DelayingRelay DELAY-MS LISTEN-ADDRESS LISTEN-PORT=TARGET-ADDRESS:TARGET-PORT...</pre>
 *
 * <p>Each direction of a connection has a reader, which stamps what it reads with the time it is due, and a writer,
 * which writes it then: bytes keep their order, and throughput is not capped by the delay (many chunks are in flight).
 * Prints {@code connection <n> to <target>} as it accepts each connection, so a test can see its traffic came through.
 */
public final class DelayingRelay {

    static final String READY = "delaying ";
    static final String CONNECTION = "connection ";

    private record Chunk(long dueNanos, byte[] bytes) {}

    private static final Chunk END = new Chunk(0, new byte[0]);
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    private DelayingRelay() {}

    public static void main(String[] args) throws Exception {
        long delayNanos = Long.parseLong(args[0]) * 1_000_000L;
        String listenAddress = args[1];
        List<Thread> listeners = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String[] pair = args[i].split("=");
            String[] target = pair[1].split(":");
            ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(listenAddress, Integer.parseInt(pair[0])));
            InetSocketAddress to = new InetSocketAddress(target[0], Integer.parseInt(target[1]));
            listeners.add(daemon(() -> accept(server, to, delayNanos), "listen-" + pair[0]));
        }
        System.out.println(READY + (delayNanos / 1_000_000) + " ms on "
                + String.join(" ", List.of(args).subList(2, args.length)));
        System.out.flush();
        for (Thread listener : listeners) {
            listener.join();
        }
    }

    private static void accept(ServerSocketChannel server, InetSocketAddress target, long delayNanos) {
        while (true) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            daemon(() -> relay(client, target, delayNanos), "relay");
        }
    }

    private static void relay(SocketChannel client, InetSocketAddress target, long delayNanos) {
        try (client;
                SocketChannel far = SocketChannel.open(target)) {
            client.socket().setTcpNoDelay(true);
            far.socket().setTcpNoDelay(true);
            System.out.println(CONNECTION + CONNECTIONS.incrementAndGet() + " to " + target);
            System.out.flush();
            Thread back = daemon(() -> delayed(far, client, delayNanos), "back");
            delayed(client, far, delayNanos);
            back.join();
        } catch (IOException e) {
            // The target refused or either end went away: the client sees its connection close.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies {@code from} to {@code to}, each chunk written {@code delayNanos} after it was read. */
    private static void delayed(SocketChannel from, SocketChannel to, long delayNanos) {
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        Thread writer = daemon(() -> write(queue, from, to), "write");
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                queue.add(new Chunk(System.nanoTime() + delayNanos, bytes));
                buffer.clear();
            }
        } catch (IOException e) {
            // The reading end went away; what was read is still written, then the writing end is told.
        }
        queue.add(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(BlockingQueue<Chunk> queue, SocketChannel from, SocketChannel to) {
        try {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    to.shutdownOutput();
                    return;
                }
                long wait = chunk.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    // The delay itself: this is what the relay is for.
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                ByteBuffer bytes = ByteBuffer.wrap(chunk.bytes());
                while (bytes.hasRemaining()) {
                    to.write(bytes);
                }
            }
        } catch (IOException e) {
            close(from, to);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(SocketChannel a, SocketChannel b) {
        try {
            a.close();
            b.close();
        } catch (IOException ignored) {
            // Already closing.
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
