package org.ddrrbus.launcher.up;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.ddrrbus.client.topic.Components;
import org.ddrrbus.launcher.node.NodeHome;
import org.ddrrbus.launcher.system.Workspace;

/**
 * A data folder of an earlier version kept every principal's password ({@code credentials.properties}), every private
 * key ({@code keys/private}), every staff password ({@code staff.properties}) and ready-made client files
 * ({@code clients/}) side by side. Each home takes what is its own (its keys, so the events they signed still verify;
 * its staff, so people keep their passwords; the exchange's and dashboard's state), the admin password goes to the
 * operator, and the shared files are then removed.
 */
final class LegacyLayout {

    private static final List<String> SHARED = List.of("credentials.properties", "staff.properties", "clients", "keys");

    private final Workspace workspace;

    private LegacyLayout(Workspace workspace) {
        this.workspace = workspace;
    }

    static LegacyLayout of(Workspace workspace) {
        return new LegacyLayout(workspace);
    }

    private Path data() {
        return workspace.dataDir();
    }

    /** The broker's admin password, into the operator's own file. */
    void moveAdminPassword() {
        Path legacy = workspace.legacyCredentials();
        Path operator = workspace.operatorDir().resolve("credentials.properties");
        if (!Files.isRegularFile(legacy) || Files.exists(operator)) {
            return;
        }
        String admin = load(legacy).getProperty(Components.ADMIN);
        if (admin == null) {
            return;
        }
        Properties kept = new Properties();
        kept.setProperty(Components.ADMIN, admin);
        try (Writer out = Files.newBufferedWriter(operator, StandardCharsets.UTF_8)) {
            kept.store(out, "Kafka password of the broker's admin principal. Keep secret.");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + operator, e);
        }
    }

    /** What of the shared folder is the principal's, into its new home. */
    void moveInto(NodeHome home, String principal) {
        try {
            Path keys = data().resolve("keys").resolve("private");
            if (Files.isDirectory(keys)) {
                try (Stream<Path> files = Files.list(keys)) {
                    for (Path file : files.filter(f -> isKeyOf(f, principal)).toList()) {
                        Files.move(file, home.keysDir().resolve("private").resolve(file.getFileName()));
                    }
                }
            }
            Path staff = data().resolve("staff.properties");
            if (Files.isRegularFile(staff) && !Files.exists(home.staffFile())) {
                // Every account is copied; the home keeps only its own service's when it first reads them.
                Files.copy(staff, home.staffFile());
            }
            Path state = data().resolve(principal);
            if ((principal.equals(Components.EXCHANGE) || principal.equals(Components.DASHBOARD))
                    && Files.isDirectory(state)
                    && !Files.exists(home.stateDir())) {
                Files.move(state, home.stateDir());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + principal + "'s files into " + home, e);
        }
    }

    /** The shared files, once every home took what is its own. */
    void removeShared() {
        for (String name : SHARED) {
            delete(data().resolve(name));
        }
    }

    private static boolean isKeyOf(Path file, String principal) {
        String name = file.getFileName().toString();
        return name.equals(principal + ".key") || (name.startsWith(principal + ".") && name.endsWith(".key"));
    }

    private static Properties load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return props;
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try {
            Files.walkFileTree(path, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path, e);
        }
    }
}
