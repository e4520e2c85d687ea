package org.ddrrbus.hosts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP relay run on a host: {@code PortRelay LISTEN-ADDRESS LISTEN-PORT TARGET-ADDRESS TARGET-PORT}. Lets a service
 * that listens and advertises itself on its host's loopback only be reached from other hosts, every byte still crossing
 * the virtual network: a relay on the service's host from its address to its loopback, and one on each client host from
 * that host's loopback to the service's address.
 */
public final class PortRelay {

    static final String READY = "relaying ";

    private PortRelay() {}

    public static void main(String[] args) throws IOException {
        InetSocketAddress listen = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        InetSocketAddress target = new InetSocketAddress(args[2], Integer.parseInt(args[3]));
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(listen);
            System.out.println(READY + listen + " to " + target);
            System.out.flush();
            while (true) {
                SocketChannel client = server.accept();
                Thread thread = new Thread(
                        () -> {
                            try (client;
                                    SocketChannel far = SocketChannel.open(target)) {
                                GateServer.pipeBothWays(client, far);
                            } catch (IOException e) {
                                // The target refused or either end went away: the client sees its connection close.
                            }
                        },
                        "relay");
                thread.setDaemon(true);
                thread.start();
            }
        }
    }
}
