package org.rapport.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.launcher.RapportCli;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/** {@code rapport local} in this JVM on free ports: everything is created, and a restart keeps it. */
class LocalCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    @Test
    void startsBrokerTopicsAndRegistryAndARestartKeepsTopicsRecordsAndSchemaIds() throws Exception {
        Map<String, Integer> firstIds;
        String admin;
        try (Running local = Running.start(dataDir)) {
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("(?m)^\\s+admin\\s+(rpt_\\S+)")
                    .matcher(local.output());
            assertThat(token.find()).as("the admin token is printed on the first start").isTrue();
            admin = token.group(1);
            RunningState state = local.inspect();
            assertThat(state.partitions()).hasSize(13).allSatisfy((topic, partitions) -> assertThat(partitions).isEqualTo(4));
            assertThat(state.schemaIds().keySet()).containsExactlyElementsOf(
                    Topics.ALL.stream().map(Topic::valueSubject).sorted().toList());
            firstIds = state.schemaIds();
            assertThat(local.started.join().config().string("http.host")).as("HTTP on loopback, like the broker")
                    .isEqualTo("127.0.0.1");
            assertThat(local.output()).contains("Kafka broker", local.bootstrapServers(), "Schema registry",
                    local.registryUrl(), "13 Rapport topics, 4 partitions each (13 created now)",
                    "pseudonym.secret = ****").doesNotContain("not-for-your-eyes");
            local.produceOne(Topics.EPISODES.name());
        }

        try (Running local = Running.start(dataDir)) {
            RunningState state = local.inspect();
            assertThat(state.schemaIds()).isEqualTo(firstIds);
            assertThat(state.partitions()).hasSize(13);
            assertThat(local.output()).contains("(0 created now)");
            assertThat(local.endOffsetSum(Topics.EPISODES.name())).isEqualTo(1);
            // Issue 12: "is up" means it: queries answer at once, no 503 while an old group member times out.
            assertThat(local.http("/health/ready", null).statusCode()).isEqualTo(200);
            HttpResponse<String> programs = local.http("/v1/programs", admin);
            assertThat(programs.statusCode()).as(programs.body()).isEqualTo(200);
        }
    }

    record RunningState(Map<String, Integer> partitions, Map<String, Integer> schemaIds) {
    }

    /** One {@code rapport local} run on a thread, stopped on close the way Ctrl-C stops it. */
    private static final class Running implements AutoCloseable {
        private final CountDownLatch stop = new CountDownLatch(1);
        private final CompletableFuture<LocalPlatform> started = new CompletableFuture<>();
        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();

        static Running start(Path dataDir) throws Exception {
            Running running = new Running();
            LocalRun control = new LocalRun() {
                @Override
                public void started(LocalPlatform platform) {
                    running.started.complete(platform);
                }

                @Override
                public void awaitStop() throws InterruptedException {
                    running.stop.await();
                }
            };
            Map<String, String> env = Map.of("RAPPORT_PSEUDONYM_SECRET", "not-for-your-eyes", "RAPPORT_HTTP_PORT", "0");
            PrintStream out = new PrintStream(running.output, true, StandardCharsets.UTF_8);
            Thread thread = new Thread(() -> running.exit.complete(RapportCli.commandLine(env, out, () -> control)
                    .execute("local", "--data-dir", dataDir.toString(), "--kafka-port", "0", "--registry-port", "0",
                            "--no-demo")), "rapport-local-test");
            thread.start();
            CompletableFuture.anyOf(running.started, running.exit).get(120, TimeUnit.SECONDS);
            assertThat(running.started).as("started; output: %s", running.output()).isDone();
            return running;
        }

        String output() {
            return output.toString(StandardCharsets.UTF_8);
        }

        String bootstrapServers() {
            return started.join().config().string("bootstrap.servers");
        }

        String registryUrl() {
            return started.join().config().string("schema.registry.url");
        }

        RunningState inspect() throws Exception {
            Map<String, Integer> partitions;
            try (Admin admin = admin()) {
                List<String> names = Topics.ALL.stream().map(Topic::name).toList();
                partitions = admin.describeTopics(names).allTopicNames().get().values().stream()
                        .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size()));
            }
            Map<String, Integer> ids = new TreeMap<>();
            for (JsonNode subject : get("/subjects")) {
                ids.put(subject.asText(), get("/subjects/" + subject.asText() + "/versions/latest").get("id").asInt());
            }
            return new RunningState(partitions, ids);
        }

        void produceOne(String topic) throws Exception {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                    bootstrapServers(), "acks", "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(topic, "client-1", "not avro, just bytes kept across restarts")).get();
            }
        }

        long endOffsetSum(String topic) throws Exception {
            try (Admin admin = admin()) {
                Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
                for (int p = 0; p < 4; p++) {
                    request.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                return admin.listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
            }
        }

        HttpResponse<String> http(String path, String token) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + started.join().config().string("http.port") + path));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private Admin admin() {
            return Admin.create(Map.of("bootstrap.servers", bootstrapServers()));
        }

        private JsonNode get(String path) throws Exception {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(registryUrl() + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }

        @Override
        public void close() throws Exception {
            stop.countDown();
            assertThat(exit.get(60, TimeUnit.SECONDS)).isZero();
            assertThat(output()).contains("Stopping Rapport local platform...");
        }
    }
}
