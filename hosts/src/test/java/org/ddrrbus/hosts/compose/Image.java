package org.ddrrbus.hosts.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an image of the compose file puts in its containers, as its Dockerfile does: the user it runs as, its working
 * folder, its own files and folders of files (from this machine; its JDK stands in for the image's), the folders it makes
 * with their owner and mode (a fresh named volume mounted on one takes that owner and mode, as Docker does), and the
 * command it runs when the compose file names none.
 */
record Image(String user, String workdir, Map<String, Path> files, Map<String, Folder> folders, List<String> command) {

    /** Where the apache/kafka image keeps Kafka's jars. */
    static final String KAFKA_LIBS = "/opt/kafka/libs";

    /** A folder of the image: {@code owner} as {@code uid:gid}, {@code mode} in octal. */
    record Folder(String owner, String mode) {}

    /** The Dockerfile of this repository: the ddrr command, run as uid 10001, its folders its own (0700). */
    static Image bus(Path launcherJar, Path agreement) {
        Folder own = new Folder("10001:10001", "0700");
        return new Image(
                "10001:10001",
                "/opt/ddrr",
                Map.of("/opt/ddrr/ddrr.jar", launcherJar, "/opt/ddrr/config/sharing-agreement.yaml", agreement),
                Map.of("/var/lib/ddrr/data", own, "/var/lib/ddrr/node", own, "/var/lib/ddrr/handover", own),
                List.of());
    }

    /**
     * This image run as root ({@code user: "0:0"}), as the certs job runs: keytool on the path (this machine's JDK
     * stands in for the image's Java) and the ddrr command for the key holder's certificate.
     */
    Image asRoot() {
        return new Image("0:0", workdir, files, folders, command);
    }

    /**
     * apache/kafka: runs as appuser (uid 1000); its folders belong to appuser and group root; its command configures
     * the broker from the environment and starts it ({@code kafka-image-run.sh}, this test's copy of the image's
     * start scripts, which call Kafka's own {@code KafkaDockerWrapper} as the image does).
     */
    static Image kafka(Path runScript, Path libs) {
        Folder appuser = new Folder("1000:0", "0775");
        return new Image(
                "1000:1000",
                "/",
                Map.of("/etc/kafka/docker/run", runScript, KAFKA_LIBS, libs),
                Map.of(
                        "/var/lib/kafka/data",
                        appuser,
                        "/etc/kafka/secrets",
                        appuser,
                        "/opt/kafka/config",
                        new Folder("1000:1000", "0755"),
                        "/mnt/shared/config",
                        new Folder("1000:1000", "0755")),
                List.of("/etc/kafka/docker/run"));
    }
}
