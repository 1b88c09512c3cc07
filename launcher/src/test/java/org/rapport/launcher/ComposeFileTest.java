package org.rapport.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rapport.config.RapportConfig;

/**
 * We cannot run Docker here, so this reads docker-compose.yml and checks that it agrees with what the
 * application reads: service names, ports, and that every RAPPORT_* variable is a real setting.
 */
class ComposeFileTest {

    static JsonNode services;

    @BeforeAll
    static void read() throws Exception {
        Path compose = Path.of("").toAbsolutePath();
        while (!Files.exists(compose.resolve("docker-compose.yml"))) {
            compose = compose.getParent();
        }
        services = new ObjectMapper(new YAMLFactory()).readTree(compose.resolve("docker-compose.yml").toFile())
                .get("services");
    }

    @Test
    void runsKafkaInKraftModeTheRegistryRapportAndMonitoring() {
        assertThat(fieldNames(services)).containsExactlyInAnyOrder("kafka", "schema-registry", "rapport-topics",
                "rapport", "prometheus", "grafana");
        assertThat(services.at("/kafka/image").asText()).startsWith("apache/kafka:");
        assertThat(env("kafka").get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(services.at("/schema-registry/image").asText()).startsWith("confluentinc/cp-schema-registry:");
        assertThat(services.at("/rapport-topics/build").asText()).isEqualTo(".");
        assertThat(services.at("/rapport-topics/command/0").asText()).isEqualTo("topics");
        assertThat(services.at("/rapport/image").asText()).isEqualTo(services.at("/rapport-topics/image").asText());
        assertThat(services.at("/rapport/command/0").asText()).isEqualTo("serve");
        assertThat(services.at("/rapport/depends_on/rapport-topics/condition").asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void aSingleKafkaNodeKeepsEveryInternalTopicAtOneReplica() {
        Map<String, String> kafka = env("kafka");
        for (String key : List.of("offsets.topic.replication.factor", "transaction.state.log.replication.factor",
                "transaction.state.log.min.isr", "share.coordinator.state.topic.replication.factor",
                "share.coordinator.state.topic.min.isr", "default.replication.factor", "min.insync.replicas")) {
            assertThat(kafka.get("KAFKA_" + key.toUpperCase().replace('.', '_'))).as(key).isEqualTo("1");
        }
    }

    @Test
    void hostPortsAreWhereRapportsDefaultsLook() {
        RapportConfig defaults = RapportConfig.defaults();
        int kafkaPort = Integer.parseInt(defaults.string("bootstrap.servers").split(":")[1]);
        int registryPort = URI.create(defaults.string("schema.registry.url")).getPort();
        assertThat(ports("kafka")).containsExactly(kafkaPort + ":" + kafkaPort);
        assertThat(ports("schema-registry")).containsExactly(registryPort + ":" + registryPort);
        assertThat(ports("rapport")).containsExactly(defaults.string("http.port") + ":" + env("rapport").get("RAPPORT_HTTP_PORT"));
    }

    @Test
    void everyRapportVariableIsARealSettingAndPointsAtTheRightService() {
        Map<String, String> rapport = env("rapport");
        Set<String> known = RapportConfig.defaults().asMap().keySet().stream().map(RapportConfig::envName)
                .collect(Collectors.toSet());
        assertThat(rapport.keySet()).allMatch(name -> name.startsWith("RAPPORT_"))
                .allSatisfy(name -> assertThat(known).as("a configuration key for " + name).contains(name));
        assertThat(rapport).containsKeys("RAPPORT_BOOTSTRAP_SERVERS", "RAPPORT_SCHEMA_REGISTRY_URL",
                "RAPPORT_PSEUDONYM_SECRET", "RAPPORT_HTTP_PORT");

        String internalListener = env("kafka").get("KAFKA_ADVERTISED_LISTENERS").split(",")[0]; // INTERNAL://kafka:29092
        assertThat(internalListener).startsWith("INTERNAL://");
        String internal = internalListener.substring("INTERNAL://".length());
        assertThat(rapport.get("RAPPORT_BOOTSTRAP_SERVERS")).isEqualTo(internal);
        assertThat(env("schema-registry").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")).isEqualTo("PLAINTEXT://" + internal);
        assertThat(internal.split(":")[0]).isEqualTo("kafka");

        URI registry = URI.create(rapport.get("RAPPORT_SCHEMA_REGISTRY_URL"));
        assertThat(registry.getHost()).isEqualTo("schema-registry");
        assertThat(URI.create(env("schema-registry").get("SCHEMA_REGISTRY_LISTENERS")).getPort()).isEqualTo(registry.getPort());
        // The secret comes from the operator's environment; compose refuses to start without it.
        assertThat(rapport.get("RAPPORT_PSEUDONYM_SECRET")).startsWith("${RAPPORT_PSEUDONYM_SECRET:?");
        // Values must parse the way the application parses them.
        RapportConfig parsed = RapportConfig.load(null, Map.of("RAPPORT_HTTP_PORT", rapport.get("RAPPORT_HTTP_PORT"),
                "RAPPORT_TOPICS_REPLICATION_FACTOR", rapport.get("RAPPORT_TOPICS_REPLICATION_FACTOR")), Map.of());
        assertThat(parsed.integer("http.port")).isEqualTo(8080);
        assertThat(parsed.integer("topics.replication.factor")).isEqualTo(1);
    }

    private static Map<String, String> env(String service) {
        JsonNode env = services.get(service).get("environment");
        assertThat(env.isObject()).as("environment of %s is a map", service).isTrue();
        return fieldNames(env).stream().collect(Collectors.toMap(k -> k, k -> env.get(k).asText()));
    }

    private static List<String> ports(String service) {
        List<String> ports = new ArrayList<>();
        services.get(service).get("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
