package org.ddrrbus.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ddrrbus.client.home.HomeLayout;

/** What only a partner's node home may hold: its Kafka password and its private signing keys. */
public final class NodeSecrets {

    private static final Pattern PASSWORD = Pattern.compile("password=\\\\?\"([^\"\\\\]+)");

    private NodeSecrets() {}

    /** The Kafka password and every private key (as stored and as raw bytes) of the node home {@code home}. */
    public static List<String> of(Path home) throws IOException {
        List<String> secrets = new ArrayList<>();
        Path client = home.resolve(HomeLayout.CLIENT_PROPERTIES);
        Matcher password = PASSWORD.matcher(Files.readString(client));
        assertThat(password.find()).as("a password in " + client).isTrue();
        secrets.add(password.group(1));
        for (Path key : filesUnder(home.resolve(HomeLayout.KEYS).resolve("private"))) {
            String seed = Files.readString(key).strip();
            secrets.add(seed);
            secrets.add(new String(Base64.getDecoder().decode(seed), StandardCharsets.ISO_8859_1));
        }
        return secrets;
    }

    /** Fails when any file under {@code folder} holds any of {@code owner}'s {@code secrets}. */
    public static void assertHoldsNone(Path folder, String owner, List<String> secrets) throws IOException {
        for (Path file : filesUnder(folder)) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String secret : secrets) {
                assertThat(content.contains(secret))
                        .as(file + " holds a secret of " + owner)
                        .isFalse();
            }
        }
    }

    public static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
