package org.ddrrbus.casework.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.ddrrbus.casework.signin.GuardedSignIn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

class StaffFileTest {

    @TempDir
    Path dir;

    @Test
    void keepsOnlyHashesAndTheDirectorySeesEveryChangeWithoutARestart() throws Exception {
        Path file = dir.resolve("people.properties");
        StaffDirectory directory = new StaffDirectory(Map.of(), Optional.of(file));
        assertThatThrownBy(() -> directory.loadUserByUsername("cicc-staff-01"))
                .isInstanceOf(UsernameNotFoundException.class);

        String hash = GuardedSignIn.passwordEncoder().encode("secret-password-1");
        StaffFile.write(
                file,
                Map.of("cicc-staff-01", new StaffFile.Person("cicc-staff-01", StaffRole.CASEWORKER, hash, false)));
        assertThat(Files.readString(file)).doesNotContain("secret-password-1").contains("CASEWORKER");
        assertThat(directory.active("cicc-staff-01")).isTrue();
        assertThat(directory.loadUserByUsername("cicc-staff-01").getAuthorities())
                .extracting(Object::toString)
                .containsExactly("ROLE_CASEWORKER");

        StaffFile.write(file, StaffFile.disabled(StaffFile.read(file), "cicc-staff-01", true));
        // A new modification time, as the operator's command gives it a moment later.
        Files.setLastModifiedTime(
                file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        assertThat(directory.active("cicc-staff-01")).isFalse();
        assertThat(directory.loadUserByUsername("cicc-staff-01").isEnabled()).isFalse();
    }

    @Test
    void refusesANameThatIsNoAccountNameAndAPasswordInClear() {
        String hash = GuardedSignIn.passwordEncoder().encode("x");
        assertThatThrownBy(() -> new StaffFile.Person("Amina Hassan", StaffRole.VIEWER, hash, false))
                .hasMessageContaining("staff name");
        assertThatThrownBy(() -> new StaffFile.Person("cicc-staff-01", StaffRole.VIEWER, "plain-password", false))
                .hasMessageContaining("BCrypt hash");
        assertThatThrownBy(() -> StaffFile.disabled(Map.of(), "nobody", true)).hasMessageContaining("no staff account");
    }
}
