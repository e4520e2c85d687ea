package org.ddrrbus.launcher.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data directory holds every event, every password and every private key of a running bus: only its owner may
 * read it. Directories are {@code rwx------} and files {@code rw-------}.
 *
 * <p>Java cannot set the process's umask, and the broker keeps creating files (log segments, indexes, checkpoints);
 * so {@code ./ddrr} and the container image start Java with {@code umask 077}, which makes every file it creates the
 * owner's alone. Here the directory itself is made owner-only before anything is written into it (which keeps others
 * out even of a process started without that umask), and what an earlier run left is tightened at every start.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /** Creates the directory (and its parents) if need be, owner-only. */
    public static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
            set(dir, DIRECTORY);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    /** Makes every directory under {@code root} owner-only, and every file; links are left alone. */
    public static void tighten(Path root) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    set(dir, DIRECTORY);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        set(file, FILE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Gone since it was listed (a segment deleted by retention, say): nothing left to protect.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict the permissions of " + root, e);
        }
    }

    private static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: its own access control has to do.
        } catch (java.nio.file.NoSuchFileException e) {
            // Deleted meanwhile.
        }
    }
}
