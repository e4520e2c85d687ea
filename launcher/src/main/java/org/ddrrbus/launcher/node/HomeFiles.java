package org.ddrrbus.launcher.node;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/** Reading and writing a node home's files, each failure one line that says what to do. */
final class HomeFiles {

    private HomeFiles() {}

    static Properties load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("no " + file.getFileName() + " in " + file.getParent()
                    + ": is this a node home? (./ddrr node init makes one)");
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage());
        }
        return props;
    }

    /** {@code node.properties}: what the home says about itself, no secret. */
    static void writeNodeProperties(
            Path file, String agency, String bootstrapServers, String securityProtocol, Optional<String> keyHolder) {
        // Written as plain lines, not Properties.store: a person reads it, and host:port stays as typed.
        List<String> node = new ArrayList<>(List.of(
                "# The node of " + agency + " on the ddrr bus (no secret).",
                "agency=" + agency,
                "bootstrap.servers=" + bootstrapServers,
                "security.protocol=" + securityProtocol));
        keyHolder.ifPresent(url -> {
            node.add("# Where the node asks for people's keys: it seals what it publishes and opens what it reads.");
            node.add(NodeHome.KEY_HOLDER + "=" + url);
        });
        try {
            Files.write(file, node, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Key files in {@code folder} that are not {@code agency}'s. */
    static List<Path> foreignKeyFiles(Path folder, String agency) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".key"))
                    .filter(f -> !f.getFileName().toString().startsWith(agency + "."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }
}
