package org.ddrrbus.launcher.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One {@code ./ddrr federate} at a time runs a bus's side of the link. A second would take over the side's
 * transactional ids, which fences the first's producers and stops its sending for good; so it is refused before it
 * touches the bus, while the first holds this lock in the bus's operator folder (released when its process ends,
 * however it ends).
 */
final class SideLock implements AutoCloseable {

    static final String FILE_NAME = "federation-side.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SideLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws IllegalStateException in one line when another run holds bus {@code country}'s side */
    static SideLock take(Path operatorDir, String country) {
        Path file = operatorDir.resolve(FILE_NAME);
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("a ./ddrr federate already runs bus " + country + "'s side of the link"
                        + " (it holds " + file + "): stop it first; a second one would stop its sending");
            }
            return new SideLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // The process ends anyway, and the lock with it.
        }
    }
}
