package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ddrrbus.launcher.system.BusSystem;
import org.ddrrbus.launcher.system.Cluster;
import org.ddrrbus.launcher.system.Ports;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * There is no Docker engine here, so the deployment file is checked as data: who mounts which secret, which ports
 * speak HTTPS, and that every command its containers run is one the launcher parses, as a partner runs it by hand
 * ({@code NodeStoryIT}, {@code MultiHostIT} run those same commands on real brokers).
 */
class DockerComposeTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> PARTNERS = List.of("nctc", "iom", "cicc", "county", "embassy-dk");
    private static final String CA_KEY = "ca-key";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> compose() throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of("../docker-compose.yml"))) {
            return new Yaml(new LoaderOptions()).load(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        return (Map<String, Map<String, Object>>) compose().get("services");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        Object env = service.get("environment");
        if (env == null) {
            return Map.of();
        }
        return ((Map<String, Object>) env)
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    /** The named volumes a service mounts, by volume, with the path it mounts each on. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> namedVolumes(Map<String, Object> service) {
        return ((List<String>) service.getOrDefault("volumes", List.of()))
                .stream()
                        .filter(v -> !v.startsWith("."))
                        .collect(Collectors.toMap(v -> v.split(":")[0], v -> v.split(":")[1]));
    }

    @SuppressWarnings("unchecked")
    private static List<String> entrypoint(Map<String, Object> service) {
        return ((List<Object>) service.get("entrypoint"))
                .stream().map(String::valueOf).toList();
    }

    @Test
    void clusterHasThreeKraftBrokersReplicatingEverythingThreeTimes() throws Exception {
        Map<String, Map<String, Object>> services = services();

        for (int i = 0; i < BROKERS.size(); i++) {
            Map<String, Object> broker = services.get(BROKERS.get(i));
            Map<String, String> env = environment(broker);
            assertThat(String.valueOf(broker.get("image"))).startsWith("apache/kafka:4.");
            assertThat(env)
                    .containsEntry("KAFKA_NODE_ID", String.valueOf(i + 1))
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_ADVERTISED_LISTENERS", "BUS://" + BROKERS.get(i) + ":9092")
                    .containsEntry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "BUS:SASL_SSL,CONTROLLER:SASL_SSL")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
                    .containsEntry(
                            "KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                    .containsEntry("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false")
                    .containsEntry("KAFKA_SUPER_USERS", "User:admin")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry(
                            "KAFKA_SSL_KEYSTORE_LOCATION", "/etc/kafka/secrets/" + BROKERS.get(i) + ".keystore.p12");
            assertThat(env.get("KAFKA_SASL_ENABLED_MECHANISMS")).contains("SCRAM-SHA-512");
            assertThat(namedVolumes(broker)).containsOnlyKeys("broker-tls", BROKERS.get(i));
        }
    }

    /** The CA's private key is the certs job's alone; the brokers' keystores are the brokers'. */
    @Test
    void onlyTheCertsJobMountsTheCaKey() throws Exception {
        services().forEach((name, service) -> {
            Map<String, String> volumes = namedVolumes(service);
            if (!name.equals("certs")) {
                assertThat(volumes).as(name).doesNotContainKey(CA_KEY);
            }
            if (!name.equals("certs") && !BROKERS.contains(name)) {
                assertThat(volumes).as(name).doesNotContainKey("broker-tls");
            }
        });
        assertThat(namedVolumes(services().get("certs"))).containsEntry(CA_KEY, "/ca");
        String script = Files.readString(Path.of("../deploy/make-certs.sh"));
        assertThat(script).contains("/ca/ca.p12").doesNotContain("cp /ca");
    }

    /**
     * Each partner's container mounts its own node home and handover volume and the CA certificate's, nothing else:
     * no other container mounts its home, and no container any file holding every principal's password.
     */
    @Test
    void eachPartnerHoldsOnlyItsOwnSecrets() throws Exception {
        Map<String, Map<String, Object>> services = services();
        for (String partner : PARTNERS) {
            String home = partner + "-node";
            String handover = partner + "-handover";
            for (String name : List.of(partner, partner + "-init")) {
                assertThat(namedVolumes(services.get(name)))
                        .as(name)
                        .containsOnlyKeys(home, handover)
                        .containsEntry(home, "/var/lib/ddrr/node")
                        .containsEntry(handover, "/var/lib/ddrr/handover");
            }
            services.forEach((name, service) -> {
                if (!name.equals(partner) && !name.equals(partner + "-init")) {
                    assertThat(namedVolumes(service)).as(name).doesNotContainKey(home);
                }
            });
        }
        services.forEach((name, service) -> namedVolumes(service).keySet().stream()
                .filter(v -> v.endsWith("-handover") || v.endsWith("-node"))
                .filter(v -> !name.equals(v.replaceAll("-(handover|node)$", ""))
                        && !name.equals(v.replaceAll("-(handover|node)$", "-init")))
                .forEach(v -> assertThat(List.of("certs", "enrol", "approve"))
                        .as(name + " mounts " + v + ": only the operator's jobs hand files over")
                        .contains(name)));
        String file = Files.readString(Path.of("../docker-compose.yml"));
        assertThat(file).doesNotContain("credentials.properties").doesNotContain("KAFKA_CREDENTIALS_FILE");
        assertThat(namedVolumes(services.get("operator"))).containsOnlyKeys("bus-ca", "operator");
        @SuppressWarnings("unchecked")
        Set<String> volumes = ((Map<String, Object>) compose().get("volumes")).keySet();
        assertThat(volumes).doesNotContain("credentials", "certs");
    }

    /**
     * Every component that serves the web is checked on its readiness probe, over HTTPS, on the port it serves; the
     * operator's on the dashboard's and on the exchange's loopback port.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyWebComponentIsHealthCheckedOnItsReadinessProbe() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, List<Integer>> probed = new java.util.LinkedHashMap<>();
        PARTNERS.forEach(p -> probed.put(
                p, List.of(Ports.standard().of(BusSystem.componentOf(p).orElseThrow()))));
        probed.put(
                "operator",
                List.of(Ports.standard().dashboard(), Ports.standard().exchange()));
        probed.forEach((name, ports) -> {
            Map<String, Object> check = (Map<String, Object>) services.get(name).get("healthcheck");
            assertThat(check).as(name + " has a health check").isNotNull();
            String test = String.join(" ", (List<String>) check.get("test"));
            ports.forEach(port -> assertThat(test)
                    .as(name)
                    .contains("https://localhost:" + port + org.ddrrbus.client.health.Probes.READINESS));
        });
    }

    /** Every web port speaks HTTPS with a keystore of its own, on the port the code serves the component on. */
    @Test
    void everyWebPortSpeaksHttps() throws Exception {
        Map<String, Map<String, Object>> services = services();
        Map<String, Integer> webPorts = new java.util.LinkedHashMap<>();
        PARTNERS.forEach(p ->
                webPorts.put(p, Ports.standard().of(BusSystem.componentOf(p).orElseThrow())));
        webPorts.put("operator", Ports.standard().dashboard());
        services.forEach((name, service) -> {
            if (service.containsKey("ports")) {
                assertThat(webPorts).as(name + " publishes a port").containsKey(name);
            }
        });
        webPorts.forEach((name, port) -> {
            Map<String, Object> service = services.get(name);
            assertThat(service.get("ports")).as(name).isEqualTo(List.of(port + ":" + port));
            Map<String, String> env = environment(service);
            assertThat(env)
                    .as(name)
                    .containsEntry("SERVER_SSL_ENABLED", "true")
                    .containsEntry("SERVER_SSL_KEY_STORE_TYPE", "PKCS12")
                    .containsKey("SERVER_SSL_KEY_STORE_PASSWORD");
            String store = env.get("SERVER_SSL_KEY_STORE");
            assertThat(namedVolumes(service).values())
                    .as(name + "'s keystore " + store + " is on a volume of its own")
                    .anyMatch(mount -> store.startsWith(mount + "/"));
        });
    }

    /** Partners' containers run node init and node start as a partner does; the operator's, up --operator-only. */
    @Test
    void containersRunTheNodeCommands() throws Exception {
        Map<String, Map<String, Object>> services = services();
        for (String partner : PARTNERS) {
            assertThat(entrypoint(services.get(partner + "-init"))).containsExactly("/deploy/node.sh", "init", partner);
            assertThat(entrypoint(services.get(partner))).containsExactly("/deploy/node.sh", "start", partner);
        }
        assertThat(entrypoint(services.get("operator"))).containsExactly("/deploy/operator.sh");
        assertThat(entrypoint(services.get("enrol"))).containsExactly("/deploy/enrol.sh");
        assertThat(entrypoint(services.get("approve"))).containsExactly("/deploy/approve.sh");
        for (String script : List.of("operator.sh", "enrol.sh", "approve.sh", "node.sh", "make-certs.sh")) {
            assertThat(Files.isExecutable(Path.of("../deploy", script)))
                    .as(script)
                    .isTrue();
        }
    }

    /**
     * Every ddrr command line in the containers' scripts parses as the launcher's own command line, with its
     * variables filled in: an option renamed in the code fails here, not on a partner's host.
     */
    @Test
    void everyCommandTheScriptsRunIsOneTheLauncherTakes() throws Exception {
        List<String> lines = new ArrayList<>();
        Pattern call = Pattern.compile("(?:ddrr\\.jar|^\\s*ddrr)\\s+((?:up|node|partner|keys|key-holder)\\s[^;\\n]*)");
        for (String script : List.of("operator.sh", "enrol.sh", "approve.sh", "node.sh", "make-certs.sh")) {
            String text = Files.readString(Path.of("../deploy", script)).replace("\\\n", " ");
            for (String line : text.split("\n")) {
                Matcher m = call.matcher(line);
                if (m.find()) {
                    lines.add(m.group(1)
                            .replaceAll("\"\\$\\{?\\w+\\}?([^\"]*)\"", "/x$1")
                            .replaceAll("\\$\\w+", "iom")
                            .replaceAll("\\s+", " ")
                            .trim());
                }
            }
        }
        assertThat(lines)
                .as("the commands of the scripts")
                .anyMatch(l -> l.startsWith("up --operator-only") && l.contains("--key-holder-host operator"))
                .anyMatch(l -> l.startsWith("key-holder --ca-store /x/ca/ca.p12 --host operator"))
                .anyMatch(l -> l.startsWith("partner enrol"))
                .anyMatch(l -> l.startsWith("keys approve"))
                .anyMatch(l -> l.startsWith("node init"))
                .anyMatch(l -> l.startsWith("node start"));
        for (String line : lines) {
            CommandLine cli = new CommandLine(new Ddrr());
            assertThat(cli.parseArgs(line.split(" ")).errors()).as(line).isEmpty();
        }
    }

    /** The exchange's and the dashboard's Streams changelogs get the cluster's replication factor. */
    @Test
    void theOperatorReplicatesTheChangelogsThreeTimes() throws Exception {
        Map<String, String> operator = environment(services().get("operator"));

        assertThat(operator)
                .containsEntry("KAFKA_BOOTSTRAP", "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                .containsEntry("KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("KAFKA_ADMIN_SASL_MECHANISM", "PLAIN");
        assertThat(Cluster.replicationFactor(operator)).isEqualTo(3);
    }

    /** Volumes mount on folders the image gives its unprivileged user, so a fresh volume is the user's to write. */
    @Test
    void theImageRunsUnprivilegedAndOwnsWhatItWrites() throws Exception {
        String dockerfile = Files.readString(Path.of("../Dockerfile"));
        assertThat(dockerfile)
                .contains("-pl launcher -am")
                .contains("ddrr-launcher-exec.jar")
                .contains("USER ddrr")
                .contains("mkdir -p /var/lib/ddrr/data /var/lib/ddrr/node /var/lib/ddrr/handover")
                .contains("chown -R ddrr:ddrr /var/lib/ddrr");
        // Only the certs job runs the image as root, for keytool's volumes of the brokers and the CA.
        services()
                .forEach((name, service) -> assertThat(service.containsKey("user"))
                        .as(name + " sets its user")
                        .isEqualTo(name.equals("certs")));
        assertThat(services().get("certs").get("user")).isEqualTo("0:0");
        services().forEach((name, service) -> {
            if (String.valueOf(service.get("image")).startsWith("ddrr-bus") && !name.equals("certs")) {
                assertThat(namedVolumes(service).entrySet())
                        .as(name)
                        .allMatch(v -> v.getValue().startsWith("/var/lib/ddrr/")
                                || v.getKey().equals("bus-ca"));
            }
        });
    }
}
