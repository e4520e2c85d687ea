package org.ddrrbus.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One host of a {@link VirtualNetwork}: a network namespace with its own address. Processes started here see only this
 * host's interfaces; the test JVM reaches its ports through a {@link Gate}.
 */
public final class Host {

    /** A host's side of its link to the hub. */
    static final String INTERFACE = "eth0";

    /** What a command run on a host printed, and how it ended. */
    public record Result(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        public Result require() {
            if (!ok()) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed (" + exitCode + "): " + output.strip());
            }
            return this;
        }
    }

    private final String name;
    private final String namespace;
    private final String address;
    private final Path work;
    private final Host hub;
    private final String hubInterface;
    private final String hubAddress;
    private final List<HostProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private Gate gate;

    /** The hub. */
    Host(String name, String namespace, String address, Path work) {
        this(name, namespace, address, work, null, null, null);
    }

    Host(String name, String namespace, String address, Path work, Host hub, String hubInterface, String hubAddress) {
        this.name = name;
        this.namespace = namespace;
        this.address = address;
        this.work = work;
        this.hub = hub;
        this.hubInterface = hubInterface;
        this.hubAddress = hubAddress;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    /** The address other hosts reach this one at. */
    public String address() {
        return address;
    }

    /** This host's own folder under the network's work folder (made on first use). */
    public Path folder() {
        Path folder = work.resolve(name);
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hubInterface() {
        return hubInterface;
    }

    String hubAddress() {
        return hubAddress;
    }

    /** Runs a short command on this host to completion. */
    public Result exec(String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(List.of(command));
        Ip.Result result = Ip.run(full);
        return new Result(List.of(command), result.exitCode(), result.output());
    }

    /** Whether a TCP connection from this host to {@code address:port} is accepted now. */
    public boolean canConnect(String toAddress, int port) {
        return gate().canConnect(toAddress, port);
    }

    /** Starts describing a process to run on this host. */
    public HostProcess.Builder process(String processName) {
        return new HostProcess.Builder(this, processName);
    }

    /** The test JVM's way into this host's network (started on first use, stopped with the network). */
    public synchronized Gate gate() {
        if (gate == null) {
            gate = Gate.open(this);
        }
        return gate;
    }

    /** Takes this host's link to the hub down at both ends: it can reach nothing and nothing reaches it. */
    public void disconnect() {
        requireLinked();
        hub.exec("ip", "link", "set", hubInterface, "down").require();
        exec("ip", "link", "set", INTERFACE, "down").require();
    }

    /** Brings this host's link up again, with its route to the rest of the network (a link going down drops it). */
    public void reconnect() {
        requireLinked();
        hub.exec("ip", "link", "set", hubInterface, "up").require();
        exec("ip", "link", "set", INTERFACE, "up").require();
        exec("ip", "route", "replace", "10.213.0.0/16", "via", hubAddress, "dev", INTERFACE)
                .require();
    }

    private void requireLinked() {
        if (hub == null) {
            throw new UnsupportedOperationException("the hub has no link of its own: disconnect the other hosts");
        }
    }

    void started(HostProcess process) {
        processes.add(process);
    }

    /** Stops this host's processes, last started first. */
    synchronized void closeProcesses() {
        if (gate != null) {
            gate.close();
            gate = null;
        }
        List<HostProcess> all = new ArrayList<>(processes);
        Collections.reverse(all);
        all.forEach(HostProcess::close);
        processes.clear();
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
