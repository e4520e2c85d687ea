package org.ddrrbus.launcher;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The JavaScript reader under {@code clients/node-reader}, run as a partner runs it: {@code npm ci}, then {@code node
 * reader.js --home <node home>}. Without {@code node} and {@code npm} on the path there is nothing to run.
 */
final class NodeReader {

    static final Path DIR = Path.of("../clients/node-reader").toAbsolutePath().normalize();

    /** Beside node_modules: the hash of the lock file it was installed from, so an unchanged one is not reinstalled. */
    private static final String STAMP = ".ddrr-installed";

    record Run(int exit, String output) {}

    private NodeReader() {}

    /** Why the reader cannot run here, in one line, or empty when it can. */
    static Optional<String> missing() {
        for (String tool : List.of("node", "npm")) {
            if (!onPath(tool)) {
                return Optional.of(tool + " is not installed (.ci/run installs nodejs and npm with apt-get)");
            }
        }
        return Optional.empty();
    }

    /** {@code npm ci} from the pinned lock file, unless node_modules was installed from this very lock file. */
    static void install() throws Exception {
        String lock = sha256(Files.readAllBytes(DIR.resolve("package-lock.json")));
        Path stamp = DIR.resolve("node_modules").resolve(STAMP);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(lock)) {
            return;
        }
        Run ci = run(List.of("npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"), 10);
        if (ci.exit() != 0) {
            throw new AssertionError("npm ci failed in " + DIR + ":\n" + ci.output());
        }
        Files.writeString(stamp, lock + "\n");
    }

    /** {@code node reader.js} with these arguments. */
    static Run read(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "reader.js"));
        command.addAll(List.of(args));
        return run(command, 2);
    }

    private static Run run(List<String> command, int minutes) throws Exception {
        Path output = Files.createTempFile("node-reader", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still running after " + minutes + " min:\n"
                        + Files.readString(output));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
