package org.rapport.streams.query;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsMetadata;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.config.RapportConfig;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * Test fixture: N Streams instances of one application, each with its query server on its own port, on a
 * testkit cluster; a producer that writes Avro events the way any client would; and bearer tokens per role.
 */
public final class QueryInstances implements AutoCloseable {

    public static final String ADMIN = "t-admin";
    public static final String DIRECTOR_1 = "t-director-prog-1";
    public static final String DIRECTOR_2 = "t-director-prog-2";
    public static final String DIRECTOR_NORTH = "t-director-north-op";
    public static final String RESEARCHER = "t-researcher";
    public static final String CLINIC = "t-clinic";

    public static final TokenStore TOKENS = TokenStore.of(List.of(
            entry("admin", ADMIN, "admin"),
            entry("director-1", DIRECTOR_1, "director:prog-1"),
            entry("director-2", DIRECTOR_2, "director:prog-2"),
            entry("director-north", DIRECTOR_NORTH, "director:north-op"),
            entry("researcher", RESEARCHER, "researcher"),
            entry("clinic", CLINIC, "clinic:clinic-a")));

    private final List<QueryServer> servers = new ArrayList<>();
    private final List<RapportConfig> configs = new ArrayList<>();
    private final KafkaProducer<String, SpecificRecord> producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path dataDir;

    public QueryInstances(KafkaClusterExtension cluster, int count) {
        this(cluster, count, Map.of());
    }

    /** {@code extra}: further settings of every instance (e.g. the research release interval). */
    public QueryInstances(KafkaClusterExtension cluster, int count, Map<String, String> extra) {
        cluster.provisionRapportTopics();
        try {
            dataDir = Files.createTempDirectory(Path.of("target"), "query-instances-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String applicationId = "rapport-query-test-" + UUID.randomUUID();
        for (int i = 0; i < count; i++) {
            int port = freePort();
            RapportConfig config = cluster.config().with(Map.of("http.host", "127.0.0.1",
                    "http.port", String.valueOf(port), "streams.application.id", applicationId,
                    "data.dir", dataDir.resolve("instance-" + i).toString(),
                    // a stopped instance is noticed after this, not Kafka's 45 s: keeps the rebalance test short
                    "streams.session.timeout.ms", "10000")).with(extra);
            configs.add(config);
            servers.add(QueryServer.start(config, TOKENS));
        }
        producer = producer(cluster.config());
        await().atMost(Duration.ofSeconds(60)).until(this::allRunningWithWork);
    }

    /** Every instance RUNNING, and each one active for some partitions. */
    private boolean allRunningWithWork() {
        for (QueryServer server : servers) {
            KafkaStreams streams = server.streams().kafkaStreams();
            if (streams.state() != KafkaStreams.State.RUNNING) {
                return false;
            }
            var all = streams.metadataForAllStreamsClients();
            if (all.size() != servers.size() || all.stream().map(StreamsMetadata::topicPartitions).anyMatch(
                    java.util.Set::isEmpty)) {
                return false;
            }
        }
        return true;
    }

    public QueryServer server(int i) {
        return servers.get(i);
    }

    /** Stops instance {@code i} (it leaves the group: the others take over its partitions). */
    public void stop(int i) {
        QueryServer server = servers.set(i, null);
        if (server != null) {
            server.close();
        }
    }

    public RapportConfig config(int i) {
        return configs.get(i);
    }

    public String baseUrl(int i) {
        return "http://127.0.0.1:" + servers.get(i).port();
    }

    public void send(SpecificRecord... events) {
        for (SpecificRecord event : events) {
            producer.send(record(event));
        }
        producer.flush();
    }

    public HttpResponse<String> get(int instance, String path, String token) {
        return get(instance, path, token, "application/json");
    }

    public HttpResponse<String> post(int instance, String path, String token) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl(instance) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(int instance, String path, String token, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl(instance) + path))
                .timeout(Duration.ofSeconds(30)).header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        servers.stream().filter(java.util.Objects::nonNull).forEach(QueryServer::close);
    }

    private static ProducerRecord<String, SpecificRecord> record(SpecificRecord event) {
        if (event instanceof EpisodeEvent e) {
            return new ProducerRecord<>(Topics.EPISODES.name(), null, e.getOccurredAt().toEpochMilli(), e.getClientId(), e);
        }
        if (event instanceof AttendanceEvent e) {
            return new ProducerRecord<>(Topics.ATTENDANCE.name(), null, e.getOccurredAt().toEpochMilli(), e.getClientId(), e);
        }
        if (event instanceof SurveyEvent e) {
            return new ProducerRecord<>(Topics.SURVEYS.name(), null, e.getOccurredAt().toEpochMilli(), e.getClientId(), e);
        }
        if (event instanceof SessionEvent e) {
            return new ProducerRecord<>(Topics.SESSIONS.name(), null, e.getOccurredAt().toEpochMilli(), e.getSessionId(), e);
        }
        if (event instanceof org.rapport.avro.TrainingEvent e) {
            return new ProducerRecord<>(Topics.TRAININGS.name(), null, e.getOccurredAt().toEpochMilli(), e.getCounselorId(), e);
        }
        throw new IllegalArgumentException("not an input event: " + event);
    }

    @SuppressWarnings("unchecked")
    private static KafkaProducer<String, SpecificRecord> producer(RapportConfig config) {
        Map<String, Serializer<SpecificRecord>> byTopic = new HashMap<>();
        for (Topic<? extends SpecificRecord> topic : Topics.INPUTS) {
            byTopic.put(topic.name(), (Serializer<SpecificRecord>) SpecificAvroSerde.forTopic(topic, config).serializer());
        }
        Serializer<SpecificRecord> values = (topic, value) -> byTopic.get(topic).serialize(topic, value);
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.string("bootstrap.servers"),
                ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), values);
    }

    private static TokenEntry entry(String name, String token, String role) {
        return new TokenEntry(name, TokenStore.sha256Hex(token), role);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
