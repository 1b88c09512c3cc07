package org.rapport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rapport.config.RapportConfig;
import org.rapport.topics.Topics;

/** The harness end to end on a tiny workload: every phase runs and the JSON holds sane fields (not timings). */
class BenchSmokeTest {

    @Test
    void smokeRunMeasuresEveryPhaseAndWritesTheResults() throws Exception {
        Path results = Path.of("target", "bench-results");
        Path scratch = Path.of("target", "bench-scratch");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        BenchOptions options = BenchOptions.smoke(RapportConfig.defaults(), results, scratch);

        BenchResult result = Bench.run(options, new PrintStream(printed, true, StandardCharsets.UTF_8));

        Path file = Bench.resultFile(results, result);
        assertThat(file.getFileName().toString()).endsWith("-smoke.json");
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.path("label").asText()).isEqualTo("smoke");
        assertThat(json.path("machine").path("cores").asInt()).isPositive();

        JsonNode scale = json.path("scales").get(0);
        long events = scale.path("events").asLong();
        long records = scale.path("records").asLong();
        int clients = scale.path("clients").asInt();
        assertThat(events).isBetween(1_500L, 6_000L);
        // Ticks: one a simulated day on each of the 4 partitions of every input topic (5 with the trainings topic).
        assertThat(records - events).isEqualTo(120L * 4 * Topics.INPUTS.size());
        assertThat(clients).isPositive();
        assertThat(scale.path("baseline").path("produceAndConsumeRecordsPerSecond").asDouble()).isPositive();

        JsonNode pipelines = scale.path("pipelines");
        assertThat(pipelines).hasSize(2);
        assertThat(pipelines.get(0).path("guarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(pipelines.get(1).path("guarantee").asText()).isEqualTo("at_least_once");
        JsonNode alone = scale.path("topologyOnly");
        assertThat(alone.path("records").asLong()).as("the configured sample")
                .isEqualTo(Math.min(records, options.topologySample()));
        assertThat(alone.path("outputRecords").asLong()).as("status, alerts, tables").isGreaterThan(clients);

        JsonNode ceiling = scale.path("streamsCeiling");
        assertThat(ceiling.path("what").asText()).isEqualTo("streams count()");
        assertThat(ceiling.path("guarantee").asText()).isEqualTo("exactly_once_v2");
        assertThat(ceiling.path("recordsPerSecond").asDouble()).isPositive();
        assertThat(ceiling.path("ratioToBaseline").asDouble()).isPositive();
        assertThat(ceiling.path("bytesWritten").path("changelog").asLong()).as("its count store's changelog").isPositive();
        assertThat(ceiling.path("bytesWritten").path("repartition").asLong()).as("one step, no repartition").isZero();
        assertThat(ceiling.path("bytesWritten").path("output").asLong()).as("writes no Rapport topic").isZero();
        assertThat(ceiling.path("recordsWrittenPerInput").path("changelog").asDouble()).as("at most one count per record")
                .isPositive().isLessThanOrEqualTo(1.0);
        assertThat(ceiling.path("recordsWrittenPerInput").path("repartition").asDouble()).isZero();
        assertThat(ceiling.path("transactions").path("commits").asLong()).isPositive();
        assertThat(ceiling.path("transactions").path("txnCommitSeconds").asDouble()).isPositive();
        assertThat(ceiling.path("transactions").path("brokerRejectedAppends").asLong()).isZero();
        for (JsonNode p : pipelines) {
            assertThat(p.path("what").asText()).isEqualTo("pipeline");
            assertThat(p.path("inputBytes").asLong()).isGreaterThan(scale.path("valueBytesPerEvent").asLong() * events);
            assertThat(p.path("bytesWritten").path("changelog").asLong()).isPositive();
            assertThat(p.path("bytesWritten").path("repartition").asLong()).isPositive();
            assertThat(p.path("bytesWritten").path("output").asLong()).isPositive();
            assertThat(p.path("recordsWrittenPerInput").path("changelog").asDouble()).isPositive();
            assertThat(p.path("recordsWrittenPerInput").path("repartition").asDouble()).isPositive();
            assertThat(p.path("recordsWrittenPerInput").path("output").asDouble()).as("status rows at the least")
                    .isGreaterThanOrEqualTo(clients / (double) records);
            assertThat(p.path("recordsPerSecond").asDouble()).isPositive();
            assertThat(p.path("ratioToBaseline").asDouble()).isPositive();
            assertThat(p.path("cpuMicrosPerRecord").asDouble()).isPositive();
            assertThat(p.path("changelogPerInputByte").asDouble()).isEqualTo(
                    p.path("bytesWritten").path("changelog").asDouble() / p.path("inputBytes").asDouble(),
                    org.assertj.core.data.Offset.offset(1e-9));
            assertThat(p.path("transactions").path("commits").asLong()).isPositive();
            // Each refused append is an ERROR line in the broker's log (e.g. transactions v2's out-of-order
            // sequence, see StreamsSettings.transactionalProducer): a normal run has none.
            assertThat(p.path("transactions").path("brokerRejectedAppends").asLong()).isZero();
        }
        assertThat(pipelines.get(0).path("transactions").path("txnCommitSeconds").asDouble()).isPositive();
        assertThat(pipelines.get(1).path("transactions").path("txnCommitSeconds").asDouble()).as("no transactions")
                .isZero();
        // Every client of the workload has a status, and only those (the latency probes come later).
        JsonNode state = scale.path("state");
        assertThat(state.path("clients").asLong()).isEqualTo(clients);
        assertThat(state.path("notMeasured")).as("every logged store is on disk").isEmpty();
        assertThat(state.path("liveBytesByStore").size()).as("the client stores and the aggregates").isGreaterThan(3);
        long byStore = 0;
        for (JsonNode b : state.path("liveBytesByStore")) {
            byStore += b.asLong();
        }
        assertThat(state.path("liveBytes").asLong()).isPositive().isEqualTo(byStore);
        assertThat(state.path("entries").asLong()).isGreaterThanOrEqualTo(clients);
        assertThat(scale.path("stateBytesPerClient").asDouble())
                .isEqualTo(state.path("liveBytes").asDouble() / clients, org.assertj.core.data.Offset.offset(1e-6));

        assertThat(json.path("latency")).as("half the maximum rate, and a twentieth").hasSize(2);
        JsonNode latency = json.path("latency").get(0);
        assertThat(json.path("latency").get(1).path("targetRecordsPerSecond").asDouble())
                .isEqualTo(latency.path("targetRecordsPerSecond").asDouble() / 10, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(latency.path("probes").asInt()).isPositive();
        assertThat(latency.path("lost").asInt()).isZero();
        assertThat(latency.path("p50Millis").asDouble()).isPositive()
                .isLessThanOrEqualTo(latency.path("p99Millis").asDouble());
        assertThat(latency.path("p99Millis").asDouble()).isLessThanOrEqualTo(latency.path("maxMillis").asDouble());

        assertThat(json.path("http").path("events").asInt()).isEqualTo(options.httpEvents() - options.httpBatch());
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("pipeline exactly_once_v2", "raw produce+consume",
                "streams count() exactly_once_v2", "changelog B/input B");
        assertThat(Files.exists(scratch)).as("scratch directory removed").isFalse();
    }
}
