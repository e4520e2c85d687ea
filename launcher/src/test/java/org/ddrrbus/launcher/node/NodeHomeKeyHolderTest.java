package org.ddrrbus.launcher.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.ddrrbus.client.agreement.AgreementLoader;
import org.ddrrbus.client.keys.DirectoryKey;
import org.ddrrbus.launcher.partner.Enrolment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key holder's address travels from the enrolment into the node home, and from there to the components that seal
 * (a partner service, the dashboard) and to no other; an enrolment naming it over plain HTTP on another host is
 * refused; a rotation's enrolment teaches it to a home made without it.
 */
class NodeHomeKeyHolderTest {

    private static final String KEY_HOLDER = "https://10.20.0.2:8091";

    @TempDir
    Path dir;

    private static Enrolment enrolment(String agency, Optional<String> keyHolder) throws IOException {
        String agreement;
        try (InputStream in = AgreementLoader.class.getResourceAsStream("/sharing-agreement.yaml")) {
            agreement = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return new Enrolment(
                agency,
                "10.20.0.2:9092",
                "SASL_PLAINTEXT",
                "Password0123456789abcdef",
                Optional.empty(),
                DirectoryKey.generate().anchor(),
                agreement,
                keyHolder);
    }

    @Test
    void theEnrolmentsKeyHolderReachesTheSealingComponentsOnly() throws IOException {
        Path file = dir.resolve("iom.enrolment");
        enrolment("iom", Optional.of(KEY_HOLDER)).write(file);
        Enrolment read = Enrolment.read(file);
        assertThat(read.keyHolder()).contains(KEY_HOLDER);

        NodeHome iom = new NodeHome(dir.resolve("iom"));
        iom.write(read);
        assertThat(iom.settings().keyHolder()).contains(KEY_HOLDER);
        assertThat(iom.arguments("iom")).contains("--ddrr.bus.subject-keys.url=" + KEY_HOLDER);

        NodeHome embassy = new NodeHome(dir.resolve("embassy"));
        embassy.write(enrolment("embassy-dk", Optional.of(KEY_HOLDER)));
        assertThat(embassy.arguments("embassy-dk"))
                .as("an embassy's service receives nothing about a person, and asks for no key")
                .noneMatch(arg -> arg.startsWith("--ddrr.bus.subject-keys.url="));
    }

    @Test
    void aKeyHolderOverPlainHttpOnAnotherHostIsRefused() throws IOException {
        Path file = dir.resolve("iom.enrolment");
        enrolment("iom", Optional.of("http://10.20.0.2:8090")).write(file);
        assertThatThrownBy(() -> Enrolment.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(file + " is not an enrolment: key.holder: the key holder's address"
                        + " http://10.20.0.2:8090 must be https:");
    }

    @Test
    void aHomeMadeWithoutAKeyHolderLearnsItFromARotation() throws IOException {
        NodeHome iom = new NodeHome(dir.resolve("iom"));
        iom.write(enrolment("iom", Optional.empty()));
        assertThat(iom.settings().keyHolder()).isEmpty();
        assertThat(iom.arguments("iom")).noneMatch(arg -> arg.startsWith("--ddrr.bus.subject-keys.url="));

        assertThat(NodeStart.missingKeyHolder(iom, "iom"))
                .as("node start says, in one line, exactly what to run")
                .hasValueSatisfying(line -> assertThat(line)
                        .doesNotContain("\n")
                        .startsWith(iom.dir().resolve(NodeHome.NODE_PROPERTIES) + " names no key holder (key.holder)")
                        .contains(
                                "./ddrr partner rotate-password iom",
                                "./ddrr node password --home " + iom.dir() + " --enrolment iom.enrolment"));
        NodeHome embassy = new NodeHome(dir.resolve("embassy"));
        embassy.write(enrolment("embassy-dk", Optional.empty()));
        assertThat(NodeStart.missingKeyHolder(embassy, "embassy-dk"))
                .as("an embassy asks for no key")
                .isEmpty();

        iom.takePassword(enrolment("iom", Optional.of(KEY_HOLDER)));
        assertThat(iom.settings().keyHolder()).contains(KEY_HOLDER);
        assertThat(NodeStart.missingKeyHolder(iom, "iom")).isEmpty();
        assertThat(Files.readString(iom.dir().resolve(NodeHome.NODE_PROPERTIES)))
                .contains("key.holder=" + KEY_HOLDER)
                .contains("bootstrap.servers=10.20.0.2:9092");
    }
}
