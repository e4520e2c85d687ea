package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./ddrr up} as an operator runs it, through the real {@code ddrr} script, twice on one data directory (on free
 * ports, beside whatever else runs here): every directory it leaves is its owner's alone (700) and every file too
 * (600), the broker's logs and every node home included; and the staff's passwords are shown on the first start only,
 * after which the banner points to the homes that keep them.
 */
class UpDataDirectoryIT {

    @TempDir
    Path home;

    @Test
    void dataIsTheOwnersAloneAndPasswordsAreShownOnlyWhenMade() throws Exception {
        Path script = home.resolve("ddrr");
        Files.copy(Path.of("../ddrr"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        launcherJar(home.resolve("launcher/target/ddrr-launcher-exec.jar"));
        Path data = home.resolve("data");

        List<String> first = up(script, data);
        Properties passwords = new Properties();
        try (var in = Files.newBufferedReader(data.resolve("nodes/nctc/staff.properties"))) {
            passwords.load(in);
        }
        String supervisor = "nctc-supervisor / " + passwords.getProperty("nctc-supervisor") + " (supervisor)";
        assertThat(first).as("first banner").anySatisfy(line -> assertThat(line).contains(supervisor));
        assertThat(first)
                .anySatisfy(line -> assertThat(line)
                        .contains("passwords are shown only now; they are kept in each service's home: "
                                + data.resolve("nodes") + "/<name>/staff.properties"));
        assertOwnerOnly(data);

        List<String> second = up(script, data);
        String banner = String.join("\n", second);
        for (String name : passwords.stringPropertyNames()) {
            assertThat(banner)
                    .as("second banner shows no password of " + name)
                    .doesNotContain(passwords.getProperty(name));
        }
        assertThat(banner)
                .contains("nctc-supervisor (supervisor)")
                .contains("passwords are in each service's home: " + data.resolve("nodes")
                        + "/<name>/staff.properties (readable by you only)");
        assertOwnerOnly(data);
    }

    /** Starts the bus through the script, waits for its banner, stops it as Ctrl-C would; returns what it printed. */
    private List<String> up(Path script, Path data) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(script.toString(), "up", "--data", data.toString(), "--free-ports")
                .directory(home.toFile())
                .redirectErrorStream(true);
        builder.environment().put("DDRR_JAVA_OPTS", "-Xmx1g");
        builder.environment()
                .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process up = builder.start();
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (IOException e) {
                // The process is gone.
            }
        });
        reader.start();
        try {
            Awaitility.await("ddrr up prints its banner")
                    .atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofMillis(500))
                    .failFast("ddrr up stopped: " + output, () -> !up.isAlive())
                    .until(() -> output.stream().anyMatch(line -> line.contains("Play a scenario")));
        } finally {
            // Ctrl-C reaches the JVM, not only the script: stop it the same way.
            up.descendants().forEach(ProcessHandle::destroy);
            up.destroy();
            assertThat(up.waitFor(2, TimeUnit.MINUTES)).as("ddrr up stops").isTrue();
            reader.join(10_000);
        }
        return List.copyOf(output);
    }

    private static void assertOwnerOnly(Path data) throws IOException {
        List<String> open;
        try (Stream<Path> all = Files.walk(data)) {
            open = all.filter(p -> !Files.isSymbolicLink(p))
                    .filter(p -> {
                        String mode = mode(p);
                        return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                                ? !mode.equals("rwx------")
                                : !mode.equals("rw-------");
                    })
                    .map(p -> data.relativize(p) + " " + mode(p))
                    .collect(Collectors.toList());
        }
        assertThat(open).as("directories 700 and files 600 under " + data).isEmpty();
        try (Stream<Path> kafka = Files.walk(data.resolve("kafka"))) {
            assertThat(kafka.filter(Files::isRegularFile).count())
                    .as("the broker's own files were checked too")
                    .isGreaterThan(10);
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            return "gone";
        }
    }

    /** The launcher as the script expects it: a jar whose manifest starts {@code Ddrr} with this test's classpath. */
    private static void launcherJar(Path jar) throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String entries = Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString())
                .collect(Collectors.joining(" "));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Ddrr.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, entries);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // Only the manifest.
        }
    }
}
