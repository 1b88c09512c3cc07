package org.rapport.testkit;

import java.time.Duration;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The real images on a Docker network: {@code apache/kafka} (KRaft, single node) and Confluent's
 * {@code cp-schema-registry}, which reaches the broker through an extra listener named {@code kafka}.
 */
final class ContainerCluster implements Cluster {

    /** Override with -Drapport.testkit.kafka.image=... */
    static final String KAFKA_IMAGE = System.getProperty("rapport.testkit.kafka.image", "apache/kafka:4.3.1");
    static final String REGISTRY_IMAGE = System.getProperty("rapport.testkit.registry.image",
            "confluentinc/cp-schema-registry:8.0.0");
    private static final int REGISTRY_PORT = 8081;
    private static final String INTERNAL_LISTENER = "kafka:19092";

    private final Network network = Network.newNetwork();
    private final KafkaContainer kafka;
    private final GenericContainer<?> registry;

    ContainerCluster() {
        kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                .withNetwork(network)
                .withListener(INTERNAL_LISTENER)
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        registry = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
                .withNetwork(network)
                .withNetworkAliases("schema-registry")
                .withExposedPorts(REGISTRY_PORT)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:" + REGISTRY_PORT)
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + INTERNAL_LISTENER)
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
        kafka.start();
        try {
            registry.start();
        } catch (RuntimeException e) {
            kafka.stop();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT);
    }

    @Override
    public String describe() {
        return KAFKA_IMAGE + " " + bootstrapServers() + " + " + REGISTRY_IMAGE + " " + schemaRegistryUrl();
    }

    @Override
    public void close() {
        registry.stop();
        kafka.stop();
        network.close();
    }
}
