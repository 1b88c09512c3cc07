package org.rapport.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rapport.streams.testing.FinalTables;
import org.rapport.config.RapportConfig;
import org.rapport.platform.kafka.EmbeddedKafka;
import org.rapport.platform.topics.TopicProvisioner;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.streams.StreamsApp;

/**
 * The broker stopped and restarted (same data directory and port) while the pipeline works: the Streams
 * application rides it out on its own — nobody restarts it — and ends with a clean run's tables, nothing lost.
 */
class BrokerRestartTest {

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void pipelineRecoversByItselfFromABrokerRestartAndLosesNothing() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "broker-restart-");
        String registryName = "broker-restart-" + UUID.randomUUID();
        InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.named(registryName);
        Scenario scenario = new Scenario(11, 30);
        FinalTables expected = scenario.expected();
        int half = scenario.items().size() / 2;

        EmbeddedKafka broker = EmbeddedKafka.start(work.resolve("kafka"), 0);
        int port = broker.port();
        String bootstrap = broker.bootstrapServers();
        RapportConfig config = RapportConfig.defaults().with(Map.of("bootstrap.servers", bootstrap,
                "schema.registry.url", InMemorySchemaRegistryClient.URL_SCHEME + registryName,
                "streams.application.id", "rapport-broker-restart", "streams.state.dir", work.resolve("state").toString(),
                "streams.replication.factor", "1"));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            new TopicProvisioner(admin).createAll(config, true);
        }
        StreamsApp app = new StreamsApp(config, registry);
        try {
            scenario.produce(bootstrap, registry, 0, half);
            app.start();
            awaitSomeOutput(bootstrap, registry);

            broker.close();
            Thread.sleep(3000);   // the application sees the broker gone: requests fail, connections retry
            broker = EmbeddedKafka.start(work.resolve("kafka"), port);

            scenario.produce(bootstrap, registry, half, scenario.items().size());
            scenario.produceFinalTick(bootstrap);
            FinalTables actual = Scenario.awaitTables(bootstrap, registry, expected, Duration.ofSeconds(150));
            actual.assertSameAs(expected);
        } finally {
            app.close();
            broker.close();
            Scenario.deleteRecursively(work);
        }
    }

    private static void awaitSomeOutput(String bootstrap, InMemorySchemaRegistryClient registry)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (Scenario.read(bootstrap, registry).statuses().isEmpty()) {
            assertThat(System.nanoTime()).as("the pipeline produced output before the restart").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
