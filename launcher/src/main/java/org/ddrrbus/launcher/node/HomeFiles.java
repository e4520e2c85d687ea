package org.ddrrbus.launcher.node;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/** Reading a node home's files, each failure one line that says what to do. */
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
