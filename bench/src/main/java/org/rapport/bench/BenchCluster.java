package org.rapport.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.registry.EmbeddedSchemaRegistry;
import org.rapport.platform.topics.TopicProvisioner;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the benchmark runs: by default a fresh embedded broker and registry in a scratch directory (removed at
 * the end), or any cluster named by the configuration. Every phase starts from empty Rapport topics, so the
 * benchmark deletes and recreates them — on a real cluster only when explicitly allowed.
 */
final class BenchCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);
    static final String APP_PREFIX = "rapport-bench-";

    private final RapportConfig config;
    private final Path scratch;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final SchemaRegistryClient registryClient;
    private final Admin admin;
    private final int partitions;

    private BenchCluster(RapportConfig config, Path scratch, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.config = config;
        this.scratch = scratch;
        this.kafka = kafka;
        this.registry = registry;
        this.registryClient = HttpSchemaRegistryClient.fromConfig(config);
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers")));
        this.partitions = config.integer(kafka != null ? "topics.local.partitions" : "topics.partitions");
    }

    /** A new embedded broker and registry on free ports, data under {@code scratch}. */
    static BenchCluster embedded(RapportConfig base, Path scratch) {
        // A run killed before close() leaves its broker log and Streams state behind; a fresh broker over that
        // state would see "corrupted" tasks (ERROR lines) and measure a restore rather than the pipeline.
        deleteRecursively(scratch);
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(scratch.resolve("kafka"), 0);
        EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        RapportConfig config = base.with(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "schema.registry.url", registry.url(), "data.dir", scratch.toString()));
        return new BenchCluster(config, scratch, kafka, registry);
    }

    /** The cluster and registry of {@code config}; Rapport's topics there will be reset. */
    static BenchCluster external(RapportConfig config, Path scratch) {
        return new BenchCluster(config.with("data.dir", scratch.toString()), scratch, null, null);
    }

    RapportConfig config() {
        return config;
    }

    boolean embedded() {
        return kafka != null;
    }

    String describe() {
        return embedded() ? "embedded broker " + config.string("bootstrap.servers") + " + embedded registry"
                : config.string("bootstrap.servers") + " + " + config.string("schema.registry.url");
    }

    Admin admin() {
        return admin;
    }

    SchemaRegistryClient registry() {
        return registryClient;
    }

    int partitions() {
        return partitions;
    }

    Path scratch() {
        return scratch;
    }

    /** Deletes Rapport's topics and every earlier bench application's internal topics, then recreates Rapport's. */
    void resetTopics() {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<String> doomed = new ArrayList<>();
            for (String name : existing) {
                boolean rapport = Topics.ALL.stream().anyMatch(t -> t.name().equals(name));
                if (rapport || name.startsWith(APP_PREFIX)) {
                    doomed.add(name);
                }
            }
            if (!doomed.isEmpty()) {
                admin.deleteTopics(doomed).all().get();
                awaitGone(doomed);
            }
            short replication = (short) config.integer("topics.replication.factor");
            Map<String, String> eventTime = TopicProvisioner.eventTimeConfigs(config);
            List<NewTopic> wanted = new ArrayList<>();
            for (Topic<?> topic : Topics.ALL) {
                wanted.add(TopicProvisioner.newTopic(topic, partitions, replication, eventTime));
            }
            new TopicProvisioner(admin).create(wanted);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot reset topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    private void awaitGone(List<String> names) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Set<String> left = admin.listTopics().names().get();
            if (names.stream().noneMatch(left::contains)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Topics not deleted after 60 s: " + names);
    }

    @Override
    public void close() {
        admin.close();
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        deleteRecursively(scratch);
        LOG.debug("bench cluster closed");
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
