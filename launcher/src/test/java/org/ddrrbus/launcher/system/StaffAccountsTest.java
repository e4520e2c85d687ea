package org.ddrrbus.launcher.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaffAccountsTest {

    @TempDir
    Path data;

    @Test
    void passwordsAreNewOnlyWhenTheyAreMadeAndKeptForTheOwnerAlone() throws Exception {
        Path file = data.resolve("staff.properties");

        StaffAccounts first = StaffAccounts.at(file);
        StaffAccounts second = StaffAccounts.at(file);

        assertThat(first.all()).allMatch(first::madeNow);
        assertThat(second.all()).noneMatch(second::madeNow);
        assertThat(second.all())
                .extracting(StaffAccounts.Account::password)
                .containsExactlyElementsOf(first.all().stream()
                        .map(StaffAccounts.Account::password)
                        .toList());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void accountMissingFromTheFileIsMadeAloneAndOnlyItsPasswordIsNew() throws Exception {
        Path file = data.resolve("staff.properties");
        StaffAccounts.at(file);
        List<String> kept = Files.readAllLines(file).stream()
                .filter(line -> !line.startsWith("iom-viewer="))
                .toList();
        Files.write(file, kept);

        StaffAccounts again = StaffAccounts.at(file);

        assertThat(again.all().stream().filter(again::madeNow).map(StaffAccounts.Account::name))
                .containsExactly("iom-viewer");
    }
}
