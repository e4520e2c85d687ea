package org.ddrrbus.hosts;

import static org.ddrrbus.hosts.Ip.ip;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Separate hosts on one machine: a Linux network namespace per host, each with its own loopback and address. The hub
 * (the bus operator's host) is joined to every other host by a veth pair and routes between them, so every host
 * reaches every other one by address, and a host can be cut off alone ({@link Host#disconnect()}).
 *
 * <p>Addresses come from 10.213.0.0/16 and exist only inside these namespaces: the hub is 10.213.0.1, the n-th other
 * host is 10.213.n.2 (its link's hub end 10.213.n.1). Namespaces are named {@code ddrrh-<pid>-<run>-<host>}: a run
 * removes its own on {@link #close()}, and sweeps away those of runs whose JVM is gone (killed before it could clean
 * up), with any process still inside them.
 */
public final class VirtualNetwork implements AutoCloseable {

    /** Every namespace this harness makes starts with it; nothing else is ever touched. */
    static final String PREFIX = "ddrrh-";

    private static final Pattern OURS = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+-.+");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static volatile Optional<String> unavailable;

    private final Path work;
    private final Host hub;
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    private VirtualNetwork(Path work, Host hub) {
        this.work = work;
        this.hub = hub;
        hosts.put(hub.name(), hub);
    }

    /**
     * Why namespaces cannot be made here (not root, no iproute2), in one line; empty when they can. Checked once per
     * JVM by making and removing a namespace.
     */
    public static Optional<String> unavailable() {
        if (unavailable == null) {
            String probe = PREFIX + ProcessHandle.current().pid() + "-0-probe";
            Ip.Result made = Ip.run(List.of("ip", "netns", "add", probe));
            if (made.ok()) {
                Ip.run(List.of("ip", "netns", "del", probe));
                unavailable = Optional.empty();
            } else {
                unavailable = Optional.of("separate hosts need Linux network namespaces (root and iproute2): "
                        + made.output().strip().lines().findFirst().orElse("ip netns add failed"));
            }
        }
        return unavailable;
    }

    /** Skips the calling test, with the reason, where namespaces cannot be made. */
    public static void assumeAvailable() {
        Optional<String> reason = unavailable();
        Assumptions.assumeTrue(reason.isEmpty(), reason.orElse(""));
    }

    /**
     * Makes the hub and the other hosts, each with loopback up.
     *
     * @param work where processes on these hosts keep their folders and logs (made if missing)
     */
    public static VirtualNetwork start(Path work, String hubName, String... others) {
        if (others.length > 250) {
            throw new IllegalArgumentException("at most 250 hosts besides the hub");
        }
        sweepStale();
        String run = PREFIX + ProcessHandle.current().pid() + "-" + RUNS.incrementAndGet() + "-";
        Host hub = new Host(hubName, run + hubName, "10.213.0.1", work);
        VirtualNetwork network = new VirtualNetwork(work, hub);
        try {
            Files.createDirectories(work);
            ip("netns", "add", hub.namespace());
            hub.exec("ip", "link", "set", "lo", "up").require();
            // The hub's own address sits on its loopback, reachable over whichever link a host comes in by.
            hub.exec("ip", "addr", "add", hub.address() + "/32", "dev", "lo").require();
            hub.exec("sh", "-c", "echo 1 > /proc/sys/net/ipv4/ip_forward").require();
            for (int i = 0; i < others.length; i++) {
                network.add(others[i], i + 1);
            }
            return network;
        } catch (RuntimeException | java.io.IOException e) {
            network.close();
            throw new IllegalStateException("could not make the virtual network: " + e.getMessage(), e);
        }
    }

    private void add(String name, int index) {
        if (hosts.containsKey(name)) {
            throw new IllegalArgumentException("two hosts named " + name);
        }
        String namespace = hub.namespace()
                        .substring(0, hub.namespace().length() - hub.name().length())
                + name;
        Host host =
                new Host(name, namespace, "10.213." + index + ".2", work, hub, "v" + index, "10.213." + index + ".1");
        hosts.put(name, host);
        ip("netns", "add", namespace);
        host.exec("ip", "link", "set", "lo", "up").require();
        ip(
                "link",
                "add",
                host.hubInterface(),
                "netns",
                hub.namespace(),
                "type",
                "veth",
                "peer",
                "name",
                Host.INTERFACE,
                "netns",
                namespace);
        hub.exec("ip", "addr", "add", host.hubAddress() + "/24", "dev", host.hubInterface())
                .require();
        host.exec("ip", "addr", "add", host.address() + "/24", "dev", Host.INTERFACE)
                .require();
        host.reconnect();
    }

    /** The hub: the bus operator's host. */
    public Host hub() {
        return hub;
    }

    /** A host by name. */
    public Host host(String name) {
        Host host = hosts.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host " + name + " in " + hosts.keySet());
        }
        return host;
    }

    public Path work() {
        return work;
    }

    /** The namespaces of this network, hub first. */
    public List<String> namespaces() {
        return hosts.values().stream().map(Host::namespace).toList();
    }

    /**
     * Stops every process on these hosts, then removes the namespaces and with them their links and addresses. The
     * hosts stop side by side (each its own processes, last started first): a broker whose quorum is gone waits out its
     * 20 s before it is killed, and those waits would otherwise add up, one host after another.
     */
    @Override
    public void close() {
        List<Host> all = new ArrayList<>(hosts.values());
        Collections.reverse(all);
        List<Thread> stopping = new ArrayList<>();
        for (Host host : all) {
            Thread thread = new Thread(host::closeProcesses, "stop-" + host.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Host host : all) {
            remove(host.namespace());
        }
    }

    /** Namespaces of this harness whose JVM is gone: a run killed before its own clean-up. */
    static void sweepStale() {
        for (String namespace : existing()) {
            Matcher ours = OURS.matcher(namespace);
            if (ours.matches()) {
                long pid = Long.parseLong(ours.group(1));
                if (pid != ProcessHandle.current().pid()
                        && ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty()) {
                    remove(namespace);
                }
            }
        }
    }

    /** Every network namespace with a name, ours or not. */
    static List<String> existing() {
        Ip.Result list = Ip.run(List.of("ip", "netns", "list"));
        if (!list.ok()) {
            return List.of();
        }
        return list.output()
                .lines()
                .map(line -> line.strip().split("\\s+")[0])
                .filter(name -> !name.isEmpty())
                .toList();
    }

    /** Kills whatever still runs inside (only processes this harness started live there), then deletes it. */
    private static void remove(String namespace) {
        Ip.Result pids = Ip.run(List.of("ip", "netns", "pids", namespace));
        if (pids.ok()) {
            pids.output()
                    .lines()
                    .map(String::strip)
                    .filter(line -> line.matches("\\d+"))
                    .map(Long::parseLong)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
        Ip.run(List.of("ip", "netns", "del", namespace));
    }
}
