package org.rapport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.registry.EmbeddedSchemaRegistry;

/** The in-process broker and registry on free ports, data in a temporary directory removed on close. */
final class EmbeddedCluster implements Cluster {

    private final Path dataDir;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    EmbeddedCluster() {
        try {
            dataDir = Files.createTempDirectory("rapport-testkit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kafka = EmbeddedKafka.start(dataDir, 0);
        try {
            registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), "127.0.0.1", 0);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    @Override
    public String schemaRegistryUrl() {
        return registry.url();
    }

    @Override
    public String describe() {
        return "embedded Kafka " + bootstrapServers() + " + embedded registry " + schemaRegistryUrl();
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
        deleteRecursively(dataDir);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
