package org.ddrrbus.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness itself: hosts with their own addresses, a real JVM on one reached from another, nothing left behind. */
class VirtualNetworkIT {

    private static final int PORT = 7000;

    @BeforeAll
    static void namespacesCanBeMade() {
        VirtualNetwork.assumeAvailable();
    }

    @Test
    void aJvmOnOneHostIsReachedOverTcpFromAnotherAndAllIsGoneAfterClose() throws Exception {
        VirtualNetwork network = VirtualNetwork.start(work("reach"), "hub", "left", "right");
        HostProcess echo;
        List<String> namespaces = network.namespaces();
        try {
            Host left = network.host("left");
            Host right = network.host("right");
            echo = left.process("echo")
                    .javaMain(List.of("-Xmx32m"), classes(), Echo.class.getName(), List.of(left.address(), "" + PORT))
                    .start();
            echo.awaitLine("listening on " + left.address(), Duration.ofSeconds(60));
            assertThat(VirtualNetwork.existing()).containsAll(namespaces);
            assertThat(Ip.run(List.of("ip", "-4", "addr")).output())
                    .as("the virtual addresses exist only inside the namespaces")
                    .doesNotContain("10.213.");

            assertThat(right.canConnect(left.address(), PORT)).isTrue();
            assertThat(talk(right.gate().forward(left.address(), PORT), "hello from the right"))
                    .isEqualTo("echo hello from the right, from " + right.address());
            assertThat(network.hub().canConnect(left.address(), PORT)).isTrue();
            assertThat(left.canConnect("127.0.0.1", PORT))
                    .as("bound to its address, not its loopback")
                    .isFalse();

            left.disconnect();
            assertThat(right.canConnect(left.address(), PORT)).isFalse();
            left.reconnect();
            assertThat(right.canConnect(left.address(), PORT)).isTrue();
        } finally {
            network.close();
        }

        assertThat(echo.alive()).isFalse();
        assertThat(VirtualNetwork.existing()).doesNotContainAnyElementsOf(namespaces);
    }

    @Test
    void namespacesLeftByAKilledRunAreSweptWithWhatRunsInThem() throws Exception {
        // No process has this id (above the kernel's limit): the run that made this namespace is gone.
        String stale = VirtualNetwork.PREFIX + "999999999-1-left";
        Ip.ip("netns", "add", stale);
        Process leftBehind = new ProcessBuilder("ip", "netns", "exec", stale, "sleep", "600").start();

        VirtualNetwork.start(work("sweep"), "hub").close();

        assertThat(VirtualNetwork.existing()).doesNotContain(stale);
        assertThat(leftBehind.waitFor(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
    }

    private static String talk(InetSocketAddress to, String line) throws IOException {
        try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
            socket.setSoTimeout(10_000);
            new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8).println(line);
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

    static Path work(String name) {
        return Path.of(System.getProperty("ddrr.hosts.work", "target/hosts"))
                .resolve(name + "-" + System.currentTimeMillis());
    }

    private static String classes() throws Exception {
        return Path.of(Echo.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toString();
    }

    /** A line server on one host: answers each line with the line and the address it came from. */
    public static final class Echo {
        public static void main(String[] args) throws IOException {
            try (ServerSocket server = new ServerSocket()) {
                server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])));
                System.out.println("listening on " + args[0] + ":" + args[1]);
                while (true) {
                    try (Socket client = server.accept()) {
                        String line = new BufferedReader(
                                        new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                                .readLine();
                        if (line != null) {
                            PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8);
                            out.println("echo " + line + ", from "
                                    + ((InetSocketAddress) client.getRemoteSocketAddress())
                                            .getAddress()
                                            .getHostAddress());
                        }
                    }
                }
            }
        }
    }
}
