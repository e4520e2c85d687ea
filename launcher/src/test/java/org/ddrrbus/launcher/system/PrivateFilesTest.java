package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path root;

    @Test
    void whatAnEarlierRunLeftReadableByOthersIsMadeTheOwnersAlone() throws Exception {
        Path data = root.resolve("data");
        Path segment = data.resolve("kafka/ddrr.outbox.nctc-0/00000000000000000000.log");
        Files.createDirectories(
                segment.getParent(),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(segment, "events");
        Files.setPosixFilePermissions(segment, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.directory(data);
        PrivateFiles.tighten(data);

        assertThat(mode(data)).isEqualTo("rwx------");
        assertThat(mode(segment.getParent())).isEqualTo("rwx------");
        assertThat(mode(data.resolve("kafka"))).isEqualTo("rwx------");
        assertThat(mode(segment)).isEqualTo("rw-------");
    }

    @Test
    void newDataDirectoryIsTheOwnersFromTheStart() throws Exception {
        Path data = PrivateFiles.directory(root.resolve("fresh/data"));

        assertThat(mode(data)).isEqualTo("rwx------");
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
