package org.ddrrbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ddrrbus.casework.system.ServiceProperties;
import org.ddrrbus.casework.system.StaffRole;
import org.ddrrbus.client.spring.KafkaEnvironment;
import org.ddrrbus.exchange.system.ExchangeProperties;
import org.ddrrbus.launcher.run.RunCommand;
import org.ddrrbus.launcher.system.Ports;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * There is no Docker engine here, so the deployment file is checked as data: it must name the services, ports,
 * environment variables and settings the code expects, or it would drift from the code silently.
 */
class DockerComposeTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final List<String> COMPONENTS =
            List.of("exchange", "dashboard", "nctc", "iom", "cicc", "county", "embassy");

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> services() throws Exception {
        try (Reader in = Files.newBufferedReader(Path.of("../docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml(new LoaderOptions()).load(in);
            return (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        return ((Map<String, Object>) service.get("environment"))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    @Test
    void clusterHasThreeKraftBrokersReplicatingEverythingThreeTimes() throws Exception {
        Map<String, Map<String, Object>> services = services();

        for (int i = 0; i < BROKERS.size(); i++) {
            Map<String, String> env = environment(services.get(BROKERS.get(i)));
            assertThat(String.valueOf(services.get(BROKERS.get(i)).get("image")))
                    .startsWith("apache/kafka:4.");
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
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
            assertThat(env.get("KAFKA_SASL_ENABLED_MECHANISMS")).contains("SCRAM-SHA-512");
            assertThat(env).containsEntry("KAFKA_SSL_KEYSTORE_FILENAME", BROKERS.get(i) + ".keystore.p12");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyComponentRunsWithTheCommandAndPortTheCodeUses() throws Exception {
        Map<String, Map<String, Object>> services = services();

        assertThat(COMPONENTS)
                .as("what ./ddrr run can start")
                .containsExactlyInAnyOrderElementsOf(RunCommand.components());
        for (String component : COMPONENTS) {
            Map<String, Object> service = services.get(component);
            assertThat(service).as(component).isNotNull();
            assertThat((List<Object>) service.get("command")).as(component).startsWith("run", component);
            if (!component.equals("exchange")) {
                int port = Ports.standard().of(component);
                assertThat((List<Object>) service.get("ports")).as(component).containsExactly(port + ":" + port);
            }
            Map<String, String> env = environment(service);
            assertThat(env)
                    .as(component)
                    .containsEntry(KafkaEnvironment.BOOTSTRAP, "kafka-1:9092,kafka-2:9092,kafka-3:9092")
                    .containsEntry(KafkaEnvironment.SECURITY_PROTOCOL, "SASL_SSL")
                    .containsKeys(
                            KafkaEnvironment.TRUSTSTORE_LOCATION,
                            KafkaEnvironment.TRUSTSTORE_PASSWORD,
                            KafkaEnvironment.CREDENTIALS_FILE);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void provisioningRunsFromTheAgreementWithReplicationThree() throws Exception {
        Map<String, Object> provision = services().get("provision");

        assertThat((List<Object>) provision.get("command")).startsWith("provision", "apply");
        assertThat(environment(provision))
                .containsEntry("KAFKA_REPLICATION_FACTOR", "3")
                .containsEntry("KAFKA_ADMIN_USER", "admin")
                .containsEntry("KAFKA_ADMIN_SASL_MECHANISM", "PLAIN")
                .containsKey("KAFKA_ADMIN_PASSWORD");
        assertThat(environment(services().get("exchange")).get(KafkaEnvironment.CREDENTIALS_FILE))
                .as("services read the passwords the provision service writes")
                .startsWith("/var/lib/ddrr/");
    }

    @Test
    void environmentVariablesBindToTheServicesSettings() throws Exception {
        Map<String, String> nctc = environment(services().get("nctc"));
        Map<String, String> exchange = environment(services().get("exchange"));

        ServiceProperties staff =
                bind(nctc).bind("ddrr.service", ServiceProperties.class).get();
        ExchangeProperties settings = bind(exchange).bindOrCreate("ddrr.exchange", ExchangeProperties.class);

        assertThat(staff.users()).singleElement().satisfies(user -> {
            assertThat(user.name()).isEqualTo("nctc-supervisor");
            assertThat(user.role()).isEqualTo(StaffRole.SUPERVISOR);
        });
        assertThat(settings.replicationFactor()).isEqualTo(3);
    }

    private static Binder bind(Map<String, String> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new SystemEnvironmentPropertySource("compose-systemEnvironment", Map.copyOf(env)));
        return new Binder(ConfigurationPropertySources.get(environment));
    }

    @Test
    void imageBuildsTheLauncher() throws Exception {
        String dockerfile = Files.readString(Path.of("../Dockerfile"));

        assertThat(dockerfile)
                .contains("-pl launcher -am")
                .contains("ENTRYPOINT")
                .contains("ddrr-launcher-exec.jar");
        assertThat(Path.of("../deploy/make-certs.sh")).exists();
    }
}
