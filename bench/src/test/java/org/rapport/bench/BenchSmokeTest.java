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
        assertThat(alone.path("records").asLong()).isEqualTo(records);
        assertThat(alone.path("outputRecords").asLong()).as("status, alerts, tables").isGreaterThan(clients);
        for (JsonNode p : pipelines) {
            assertThat(p.path("inputBytes").asLong()).isGreaterThan(scale.path("valueBytesPerEvent").asLong() * events);
            assertThat(p.path("bytesWritten").path("changelog").asLong()).isPositive();
            assertThat(p.path("bytesWritten").path("repartition").asLong()).isPositive();
            assertThat(p.path("bytesWritten").path("output").asLong()).isPositive();
            assertThat(p.path("recordsPerSecond").asDouble()).isPositive();
            assertThat(p.path("ratioToBaseline").asDouble()).isPositive();
            assertThat(p.path("cpuMicrosPerRecord").asDouble()).isPositive();
        }
        // Every client of the workload has a history, and only those (the latency probes come later).
        assertThat(scale.path("state").path("clients").asLong()).isEqualTo(clients);
        assertThat(scale.path("state").path("historyBytesPerClient").asDouble()).isPositive();

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
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("pipeline exactly_once_v2", "raw produce+consume");
        assertThat(Files.exists(scratch)).as("scratch directory removed").isFalse();
    }
}
