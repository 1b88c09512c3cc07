package org.rapport.streams.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.Alert;
import org.rapport.streams.StreamsMain;
import org.rapport.streams.testing.RandomHistory;
import org.rapport.streams.testing.FinalTables;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/**
 * The whole topology on a real broker with the real serde and registry: the Streams application runs in its
 * own JVM, is killed with SIGKILL mid-stream and restarted, and its output tables still end exactly where the
 * same history fed in order ends (computed independently by the TopologyTestDriver fixture) — nothing lost,
 * nothing doubled.
 */
class PipelineOnBrokerTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final Duration CONVERGENCE_TIMEOUT = Duration.ofSeconds(150);

    @Test
    void killedMidStreamAndRestartedItEndsWhereTheInOrderRunEnds() throws Exception {
        CLUSTER.provisionRapportTopics();
        List<RandomHistory.Item> history = RandomHistory.generate(20261123L, 12);
        Expected expected = expectedFor(history);

        List<RandomHistory.Item> shuffled = new ArrayList<>(history);
        shuffled.addAll(history.subList(0, history.size() / 5));   // duplicates
        Collections.shuffle(shuffled, new Random(7));
        int half = shuffled.size() / 2;
        String appId = "rapport-it-" + UUID.randomUUID();

        try (BrokerFeed feed = new BrokerFeed(CLUSTER.bootstrapServers(), CLUSTER.schemaRegistryUrl());
             OutputTables outputs = new OutputTables(CLUSTER.bootstrapServers(), CLUSTER.schemaRegistryUrl())) {
            feed.send(shuffled.subList(0, half));
            Process first = startStreams(appId, "first");
            awaitSomeOutput(outputs);
            first.destroyForcibly().waitFor();               // SIGKILL: no clean shutdown, no final commit

            feed.send(shuffled.subList(half, shuffled.size()));
            feed.tick(RandomHistory.END);
            Process second = startStreams(appId, "second");
            try {
                awaitConvergence(outputs, expected);
            } finally {
                second.destroyForcibly().waitFor();
            }
        }
        // the final comparison, with readable diffs if convergence timed out
    }

    private record Expected(Map<String, Map<String, ?>> tables, Map<String, Alert> alerts) {
    }

    private static Expected expectedFor(List<RandomHistory.Item> history) {
        FinalTables inOrder = FinalTables.replay(history);
        Map<String, Map<String, ?>> tables = new TreeMap<>();
        tables.put(Topics.CLIENT_STATUS.name(), inOrder.statuses());
        tables.put(Topics.PROGRAM_WEEKLY.name(), inOrder.weekly());
        tables.put(Topics.COHORTS.name(), inOrder.cohorts());
        tables.put(Topics.ALLIANCE_OUTCOMES.name(), inOrder.alliance());
        tables.put(Topics.COUNSELOR_ALLIANCE.name(), inOrder.counselors());
        tables.put(Topics.TRAINING_EFFECTS.name(), inOrder.trainings());
        return new Expected(tables, inOrder.alerts());
    }

    private static void awaitSomeOutput(OutputTables outputs) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (outputs.size() == 0 && System.nanoTime() < deadline) {
            outputs.poll(Duration.ofMillis(500));
        }
        assertThat(outputs.size()).as("the first run produced output before it was killed").isPositive();
    }

    private static void awaitConvergence(OutputTables outputs, Expected expected) {
        long deadline = System.nanoTime() + CONVERGENCE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !matches(outputs, expected)) {
            outputs.poll(Duration.ofMillis(500));
        }
        for (String topic : expected.tables().keySet()) {
            Map<String, ?> actual = new TreeMap<>(outputs.table(Topics.ALL.stream()
                    .filter(t -> t.name().equals(topic)).findFirst().orElseThrow()));
            assertThat(actual).as(topic).isEqualTo(expected.tables().get(topic));
        }
        assertThat(outputs.effectiveAlerts()).as("alerts in effect").isEqualTo(expected.alerts());
    }

    private static boolean matches(OutputTables outputs, Expected expected) {
        for (var entry : expected.tables().entrySet()) {
            Map<String, ?> actual = outputs.table(Topics.ALL.stream().filter(t -> t.name().equals(entry.getKey()))
                    .findFirst().orElseThrow());
            if (!new TreeMap<>(actual).equals(entry.getValue())) {
                return false;
            }
        }
        return outputs.effectiveAlerts().equals(expected.alerts());
    }

    private static Process startStreams(String appId, String run) throws IOException {
        Path target = Path.of("target").toAbsolutePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:-UsePerfData",
                "-Djava.io.tmpdir=" + target.resolve("tmp"),
                "-cp", System.getProperty("java.class.path"), StreamsMain.class.getName(),
                "bootstrap.servers=" + CLUSTER.bootstrapServers(),
                "schema.registry.url=" + CLUSTER.schemaRegistryUrl(),
                "streams.application.id=" + appId,
                "streams.state.dir=" + target.resolve("tmp").resolve(appId),
                "streams.replication.factor=1");
        pb.environment().keySet().removeIf(k -> k.startsWith("RAPPORT_"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File(target.toFile(), "streams-" + run + ".log"));
        return pb.start();
    }
}
