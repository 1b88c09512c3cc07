package org.rapport.testkit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.rapport.config.RapportConfig;
import org.rapport.platform.topics.TopicProvisioner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Gives a test class one Kafka cluster with a schema registry, shared by all its tests: the
 * {@code apache/kafka} and {@code cp-schema-registry} images through Testcontainers when a Docker engine
 * answers, otherwise Rapport's embedded broker and registry. The same tests run on both.
 *
 * <p>Register it on a <em>static</em> field, so the cluster lives from before the first test of the
 * class to after its last:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();
 *
 * @Test
 * void something() {
 *     CLUSTER.provisionRapportTopics();
 *     ... CLUSTER.bootstrapServers(), CLUSTER.schemaRegistryUrl(), CLUSTER.config() ...
 * }
 * }</pre>
 *
 * <p>The system property {@code rapport.testkit.backend} ({@code auto}, {@code embedded} or
 * {@code docker}) forces a backend; {@code auto} (default) asks Docker once per JVM.
 */
public final class KafkaClusterExtension implements BeforeAllCallback, AfterAllCallback {

    /** Which backend to use: auto, embedded or docker. */
    public static final String BACKEND_PROPERTY = "rapport.testkit.backend";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);

    private Cluster cluster;
    /** @Nested classes run beforeAll/afterAll again: they share the outer class's cluster. */
    private int depth;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (depth++ > 0) {
            return;
        }
        long started = System.nanoTime();
        cluster = useDocker() ? new ContainerCluster() : new EmbeddedCluster();
        LOG.info("Cluster for {}: {} (ready in {} ms)", context.getDisplayName(), cluster.describe(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (--depth == 0 && cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    public String bootstrapServers() {
        return running().bootstrapServers();
    }

    public String schemaRegistryUrl() {
        return running().schemaRegistryUrl();
    }

    /** Rapport's defaults pointed at this cluster and registry. */
    public RapportConfig config() {
        return RapportConfig.defaults().with(Map.of("bootstrap.servers", bootstrapServers(),
                "schema.registry.url", schemaRegistryUrl()));
    }

    /** A new admin client for this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    /**
     * Creates every Rapport topic with the local platform's partition count (idempotent) and waits
     * until each partition has a leader.
     *
     * @return the topics this call created
     */
    public List<String> provisionRapportTopics() {
        try (Admin admin = admin()) {
            return new TopicProvisioner(admin).createAll(config(), true);
        }
    }

    /** True when this cluster runs in Docker containers. */
    public boolean runsInDocker() {
        return running() instanceof ContainerCluster;
    }

    private Cluster running() {
        if (cluster == null) {
            throw new IllegalStateException("No cluster: register KafkaClusterExtension on a static field "
                    + "with @RegisterExtension, and use it from tests, not from field initializers");
        }
        return cluster;
    }

    private static boolean useDocker() {
        String backend = System.getProperty(BACKEND_PROPERTY, "auto").toLowerCase(Locale.ROOT);
        return switch (backend) {
            case "embedded" -> false;
            case "docker" -> true;
            case "auto" -> DockerProbe.AVAILABLE;
            default -> throw new IllegalArgumentException(BACKEND_PROPERTY + " must be auto, embedded or docker, not "
                    + backend);
        };
    }

    /** Asked once per JVM, on first use: the probe costs most of a second when Docker is absent. */
    private static final class DockerProbe {
        static final boolean AVAILABLE = probe();

        private static boolean probe() {
            try {
                return DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
