package org.rapport.streams.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.streams.testing.FinalTables;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.SchemaRegistryClient;
import org.rapport.streams.StreamsMain;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/**
 * SPEC §8: a Streams instance killed at any point and restarted loses and duplicates nothing. The application
 * runs in its own JVM ({@link StreamsMain}) and is killed with SIGKILL three times while it works through a
 * random history; a fourth run finishes it. The output tables must equal a clean in-order run's.
 */
class StreamsKilledTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final int KILLS = 3;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void killedThreeTimesWithSigkillEndsWithTheTablesOfACleanRun() throws Exception {
        CLUSTER.provisionRapportTopics();
        String bootstrap = CLUSTER.bootstrapServers();
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(CLUSTER.schemaRegistryUrl());
        Random random = new Random(20261123L);
        Scenario scenario = new Scenario(7, 40);
        FinalTables expected = scenario.expected();
        assertThat(expected.size()).as("a history worth checking").isGreaterThan(40);

        Path work = Files.createTempDirectory(Path.of("target"), "killed-");
        int total = scenario.items().size();
        for (int run = 0; run < KILLS; run++) {
            // Each run gets a fresh part of the history, so that the kill lands while there is work in flight.
            scenario.produce(bootstrap, registry, run * total / KILLS, (run + 1) * total / KILLS);
            long statusBefore = endOffset(Topics.CLIENT_STATUS.name());
            Process streams = startStreams(work, run);
            awaitProgress(streams, statusBefore, Duration.ofSeconds(60));
            Thread.sleep(random.nextInt(1500));
            streams.destroyForcibly();   // SIGKILL: no shutdown hook, no commit, no flush
            assertThat(streams.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(streams.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        }
        scenario.produceFinalTick(bootstrap);
        Process last = startStreams(work, KILLS);
        try {
            FinalTables actual = Scenario.awaitTables(bootstrap, registry, expected, Duration.ofSeconds(120));
            actual.assertSameAs(expected);
        } finally {
            last.destroy();
            last.waitFor(40, TimeUnit.SECONDS);
            last.destroyForcibly();
            Scenario.deleteRecursively(work);
        }
    }

    /** Waits until the application has written client statuses beyond {@code before} (it is processing). */
    private static void awaitProgress(Process streams, long before, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (endOffset(Topics.CLIENT_STATUS.name()) <= before) {
            assertThat(streams.isAlive()).as("the Streams process is running").isTrue();
            assertThat(System.nanoTime()).as("the Streams process made progress in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private Process startStreams(Path work, int run) throws IOException {
        Path tmp = work.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp, "-Djna.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName()));
        Map.of("bootstrap.servers", CLUSTER.bootstrapServers(), "schema.registry.url", CLUSTER.schemaRegistryUrl(),
                "streams.application.id", "rapport-killed", "streams.state.dir", work.resolve("state").toString(),
                "streams.replication.factor", "1",
                // The broker's minimum: a killed instance's partitions move on after 6 s instead of 45 s.
                "streams.session.timeout.ms", "6000")
                .forEach((k, v) -> command.add(k + "=" + v));
        File log = work.resolve("streams-run-" + run + ".log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static long endOffset(String topic) throws Exception {
        try (Admin admin = CLUSTER.admin()) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(request).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }
}
