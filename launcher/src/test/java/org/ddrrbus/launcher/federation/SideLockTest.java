package org.ddrrbus.launcher.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second ./ddrr federate of the same bus's side is refused before it touches the bus; without a broker. */
class SideLockTest {

    @TempDir
    Path operator;

    @Test
    void aSecondRunOfTheSameSideIsRefusedUntilTheFirstEnds() {
        SideLock first = SideLock.take(operator, "ke");

        assertThatThrownBy(() -> SideLock.take(operator, "ke"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a ./ddrr federate already runs bus ke's side of the link (it holds "
                        + operator.resolve(SideLock.FILE_NAME)
                        + "): stop it first; a second one would stop its sending");

        first.close();
        SideLock.take(operator, "ke").close();
    }

    @Test
    void anotherProcessHoldingTheSideRefusesThisOne() throws Exception {
        // A separate JVM holds the lock as a running ./ddrr federate does, until its standard input closes.
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process holder = new ProcessBuilder(
                        java.toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        HoldsSideLock.class.getName(),
                        operator.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes("holding\n".length())))
                    .isEqualTo("holding\n");

            assertThatThrownBy(() -> SideLock.take(operator, "ke"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("a ./ddrr federate already runs bus ke's side of the link");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        SideLock.take(operator, "ke").close();
    }

    /** The other process: takes the lock, says so, and holds it until its standard input ends. */
    static final class HoldsSideLock {
        public static void main(String[] args) throws Exception {
            try (SideLock lock = SideLock.take(Path.of(args[0]), "ke")) {
                System.out.println("holding");
                System.out.flush();
                System.in.read();
            }
        }
    }
}
