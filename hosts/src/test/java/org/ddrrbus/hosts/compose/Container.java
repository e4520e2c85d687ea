package org.ddrrbus.hosts.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ddrrbus.hosts.Host;
import org.ddrrbus.hosts.HostProcess;

/**
 * One service of the compose file run as a container without Docker, on a host of the harness: a private mount
 * and host name namespace ({@code unshare --mount --uts}) whose root is a fresh tmpfs holding this machine's {@code /usr} (the JDK stands in
 * for the image's Java), a copy of {@code /etc} with an {@code /etc/hosts} naming every service, the image's files
 * and folders, and the service's volumes and bind mounts at the paths the compose file gives; then {@code chroot} as
 * the image's user, with exactly the service's environment, running its entrypoint or command. Everything mounted
 * goes away with the process; what the service writes stays in its volumes' folders.
 */
final class Container {

    private static final int ATTEMPTS = 5;

    private final ComposeFile compose;
    private final Map<String, String> addresses;
    private final Path volumes;
    private final Path work;
    private final Map<String, String> harnessEnvironment;

    /**
     * @param addresses every service name (and host name) other containers resolve, with its host's address
     * @param volumes where the named volumes live on this machine, one folder each
     * @param harnessEnvironment what the harness adds to every container's environment (the JVM settings of the test's
     *     machine, never a setting of the service)
     */
    Container(
            ComposeFile compose,
            Map<String, String> addresses,
            Path volumes,
            Path work,
            Map<String, String> harnessEnvironment) {
        this.compose = compose;
        this.addresses = Map.copyOf(addresses);
        this.volumes = volumes;
        this.work = work;
        this.harnessEnvironment = Map.copyOf(harnessEnvironment);
    }

    /** The folder that holds a named volume's contents. */
    Path volume(String name) {
        return volumes.resolve(name);
    }

    /**
     * Describes the process of {@code service} on {@code host}; {@code shared} are folders of this machine the
     * container sees read-only at the same path, {@code extraEnvironment} what the harness adds to the service's own
     * (besides what it adds to every container).
     */
    HostProcess.Builder run(
            Host host, String service, Image image, List<Path> shared, Map<String, String> extraEnvironment) {
        ComposeFile.Service definition = compose.service(service);
        Path folder = work.resolve(service);
        Path script = folder.resolve("container.sh");
        try {
            Files.createDirectories(folder);
            Files.createDirectories(volumes);
            Files.writeString(
                    script, script(definition, image, host, folder.resolve("root"), shared, extraEnvironment));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return host.process(service)
                .directory(folder)
                .command(List.of("unshare", "--mount", "--uts", "--propagation", "private", "bash", script.toString()));
    }

    /**
     * Runs a one-shot service to its end, as Compose does before starting what depends on it completing: a service
     * with {@code restart: on-failure} is started again after a failed run (at most {@value #ATTEMPTS} runs).
     */
    void complete(Host host, String service, Image image, Duration atMost) {
        boolean restarts = compose.service(service).restart().equals("on-failure");
        for (int attempt = 1; ; attempt++) {
            HostProcess process = run(host, service, image, List.of(), Map.of()).start();
            int exit = process.awaitExit(atMost);
            if (exit == 0) {
                return;
            }
            if (!restarts || attempt == ATTEMPTS) {
                throw new AssertionError(
                        service + " exited with " + exit + " (run " + attempt + "); " + process.tailText());
            }
        }
    }

    private String script(
            ComposeFile.Service service,
            Image image,
            Host host,
            Path root,
            List<Path> shared,
            Map<String, String> extraEnvironment) {
        String r = q(root.toString());
        List<String> lines = new ArrayList<>();
        lines.add("set -euo pipefail");
        // Its own host name, which its own /etc/hosts resolves to its host's address, as Docker gives a container.
        lines.add("hostname " + q(service.hostname()));
        lines.add("R=" + r);
        lines.add("mkdir -p \"$R\" && mount -t tmpfs -o mode=0755 tmpfs \"$R\"");
        lines.add(
                "for link in bin lib lib64 sbin; do [ -L /$link ] && ln -s \"$(readlink /$link)\" \"$R/$link\"; done");
        lines.add("mkdir -p \"$R/usr\" \"$R/proc\" \"$R/dev\" \"$R/sys\" \"$R/tmp\" \"$R/etc\"");
        lines.add("mount --rbind /usr \"$R/usr\"; mount -t proc proc \"$R/proc\"");
        lines.add("mount --rbind /dev \"$R/dev\"; mount --rbind /sys \"$R/sys\"; chmod 1777 \"$R/tmp\"");
        lines.add("cp -a /etc/. \"$R/etc/\"");
        lines.add("printf '%s\\n' '127.0.0.1 localhost' "
                + addresses.entrySet().stream()
                        .map(e -> q(e.getValue() + " " + e.getKey()))
                        .collect(Collectors.joining(" "))
                + " " + q(host.address() + " " + service.hostname())
                + " > \"$R/etc/hosts\"");
        image.folders().forEach((path, folder) -> lines.add(makeFolder("$R" + path, folder)));
        image.files().forEach((path, source) -> {
            String made = Files.isDirectory(source) ? "mkdir -p \"$R" + path + "\"" : "touch \"$R" + path + "\"";
            lines.add("mkdir -p \"$(dirname \"$R" + path + "\")\" && " + made);
            lines.add("mount --bind " + q(source.toAbsolutePath().toString()) + " \"$R" + path + "\"");
        });
        for (Path folder : shared) {
            String path = q(folder.toAbsolutePath().toString());
            lines.add("mkdir -p \"$R\"" + path + " && mount --rbind " + path + " \"$R\"" + path
                    + " && mount -o remount,bind,ro \"$R\"" + path);
        }
        service.mounts().stream()
                .sorted(Comparator.comparing(m -> m.target().length()))
                .forEach(mount -> lines.addAll(mount(mount, image)));
        lines.add("cd /");
        StringBuilder exec = new StringBuilder("exec chroot --userspec=" + image.user() + " \"$R\" /usr/bin/env -i");
        exec.append(" PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/tmp");
        service.environment().forEach((k, v) -> exec.append(' ').append(q(k + "=" + v)));
        harnessEnvironment.forEach((k, v) -> exec.append(' ').append(q(k + "=" + v)));
        extraEnvironment.forEach((k, v) -> exec.append(' ').append(q(k + "=" + v)));
        exec.append(" /bin/sh -c 'cd \"$0\" && exec \"$@\"' ").append(q(image.workdir()));
        List<String> entry = !service.entrypoint().isEmpty()
                ? concat(service.entrypoint(), service.command())
                : service.command().isEmpty() ? image.command() : service.command();
        entry.forEach(arg -> exec.append(' ').append(q(arg)));
        lines.add(exec.toString());
        return String.join("\n", lines) + "\n";
    }

    /**
     * A named volume is a folder here; the first time one is mounted on a folder of the image while still empty, it
     * takes that folder's owner and mode, as Docker does. A bind mount mounts the compose file's folder itself.
     */
    private List<String> mount(ComposeFile.Mount mount, Image image) {
        List<String> lines = new ArrayList<>();
        String source;
        if (mount.named()) {
            Path folder = volume(mount.source());
            source = q(folder.toString());
            lines.add("if [ ! -d " + source + " ]; then mkdir -p " + source + "; fi");
            Image.Folder owner = image.folders().get(mount.target());
            if (owner != null) {
                lines.add("if [ -z \"$(ls -A " + source + ")\" ]; then chown " + owner.owner() + " " + source
                        + " && chmod " + owner.mode() + " " + source + "; fi");
            }
        } else {
            source = q(compose.bindSource(mount).toString());
        }
        String target = "\"$R\"" + q(mount.target());
        lines.add("mkdir -p " + target + " && mount --bind " + source + " " + target);
        if (mount.readOnly()) {
            lines.add("mount -o remount,bind,ro " + target);
        }
        return lines;
    }

    private static String makeFolder(String path, Image.Folder folder) {
        String[] owner = folder.owner().split(":");
        return "install -d -m " + folder.mode() + " -o " + owner[0] + " -g " + owner[1] + " \"" + path + "\"";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Single-quoted for the shell. */
    static String q(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
