package org.rapport.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rapport.auth.DeniedRequest;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.it.RawTopics;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topics;

/** Every answer of the ingestion API against a real broker and registry, and the role matrix. */
class GatewayTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<DeniedRequest> DENIED = new CopyOnWriteArrayList<>();
    private static final String PSEUDONYM = "2700103b097e11a7f9b0fc763c6d9641"; // clinic-a:MRN-0001, demo-secret
    private static final int MAX_BATCH = 150;
    private static final int MAX_BYTES = 120_000;

    private static RapportClient client;
    private static Javalin app;
    private static RapportConfig config;
    private static TokenStore tokens;

    @BeforeAll
    static void start() {
        CLUSTER.provisionRapportTopics();
        config = CLUSTER.config().with(Map.of("pseudonym.secret", "demo-secret",
                "ingest.max.batch", Integer.toString(MAX_BATCH), "ingest.max.body.bytes", Integer.toString(MAX_BYTES)));
        client = RapportClient.create(config, Clock.systemUTC(), Map.of(), Gateway.PARALLEL_TRANSACTIONS);
        tokens = TokenStore.of(List.of(
                new TokenEntry("ehr-a", TokenStore.sha256Hex("tok-a"), "clinic:clinic-a"),
                new TokenEntry("ehr-b", TokenStore.sha256Hex("tok-b"), "clinic:clinic-b"),
                new TokenEntry("dir", TokenStore.sha256Hex("tok-dir"), "director:p-op"),
                new TokenEntry("res", TokenStore.sha256Hex("tok-res"), "researcher"),
                new TokenEntry("ops", TokenStore.sha256Hex("tok-admin"), "admin")));
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        new IngestRoutes(client, new HttpAuth(tokens, DENIED::add, Clock.systemUTC()), config).addRoutes(app);
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
        if (client != null) {
            client.close();
        }
    }

    @BeforeEach
    void clearLog() {
        DENIED.clear();
    }

    static String episode(String eventId, String clinic, String clientRef) {
        return """
                {"type":"episode","event_id":"%s","clinic_id":"%s","program_id":"p-op",
                 "occurred_at":"2026-03-02T09:00:00Z","client_ref":"%s","action":"ADMITTED","level_of_care":"OUTPATIENT"}"""
                .formatted(eventId, clinic, clientRef);
    }

    static String craving(String eventId, int value) {
        return """
                {"type":"survey","event_id":"%s","clinic_id":"clinic-a","program_id":"p-op",
                 "occurred_at":"2026-03-03T09:00:00Z","client_ref":"MRN-0001","instrument":"CRAVING","items":[%d]}"""
                .formatted(eventId, value);
    }

    static String training(String eventId, String clinic, String counselor, String hours) {
        return """
                {"type":"training","event_id":"%s","clinic_id":"%s","program_id":"p-op",
                 "occurred_at":"2026-03-06T16:00:00Z","counselor_id":"%s","training_id":"empathy-2026-03",
                 "curriculum":"EMPATHY","hours":%s}""".formatted(eventId, clinic, counselor, hours);
    }

    @Test
    void aClinicSendsItsOwnCounselorsTrainingsKeyedByCounselorWithCompletionTime() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = post("/v1/events", "tok-a", training(id, "clinic-a", "co-7", "16.5"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(
                "{\"accepted\":1,\"by_topic\":{\"rapport.trainings.v1\":1}}"));
        ConsumerRecord<byte[], byte[]> written = written(id).get(0);
        assertThat(written.topic()).isEqualTo(Topics.TRAININGS.name());
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo("co-7");
        assertThat(written.timestamp()).isEqualTo(Instant.parse("2026-03-06T16:00:00Z").toEpochMilli());
        assertThat(written.value()[0]).as("Confluent magic byte").isEqualTo((byte) 0);
    }

    @Test
    void anotherClinicsTrainingIsForbiddenAndATrainingWithAClientIsNotATraining() throws Exception {
        String mine = episode(UUID.randomUUID().toString(), "clinic-a", "MRN-0001");
        HttpResponse<String> theirs = post("/v1/events", "tok-a",
                "[" + mine + "," + training(UUID.randomUUID().toString(), "clinic-b", "co-b1", "8") + "]");
        assertThat(theirs.statusCode()).isEqualTo(403);
        assertThat(theirs.body()).isEqualTo("{\"error\":\"forbidden: event 1 belongs to clinic clinic-b; "
                + "this token writes for clinic clinic-a only\"}");
        assertThat(DENIED).singleElement().satisfies(d -> assertThat(d.status()).isEqualTo(403));

        String withClient = training(UUID.randomUUID().toString(), "clinic-a", "co-7", "8")
                .replace("\"hours\":8", "\"hours\":8,\"client_ref\":\"MRN-0001\"");
        HttpResponse<String> refused = post("/v1/events", "tok-a", withClient);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body())).isEqualTo(JSON.readTree("""
                {"errors":[{"index":0,"field":"client_ref","problem":"is not a field of a training event"}]}"""));
    }

    @Test
    void aBatchWithOneBadTrainingWritesNothingAndNamesItsFields() throws Exception {
        String goodId = UUID.randomUUID().toString();
        String good = training(goodId, "clinic-a", "co-7", "8");
        String bad = training(UUID.randomUUID().toString(), "clinic-a", "co-7", "8")
                .replace("\"EMPATHY\"", "\"EMPATHETIC\"");

        HttpResponse<String> r = post("/v1/events", "tok-a", "[" + good + "," + bad + "]");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree("""
                {"errors":[
                 {"index":1,"field":"curriculum","problem":"unknown value 'EMPATHETIC'; expected one of EMPATHY|MOTIVATIONAL_INTERVIEWING|COMPASSION_FOCUSED|PEER_SUPPORT|TRAUMA_INFORMED|OTHER"}]}"""));
        HttpResponse<String> ranges = post("/v1/events", "tok-a", "[" + good + ","
                + training(UUID.randomUUID().toString(), "clinic-a", "co 7", "0.25") + "]");
        assertThat(ranges.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(ranges.body())).isEqualTo(JSON.readTree("""
                {"errors":[
                 {"index":1,"field":"counselor_id","problem":"must be 1-64 characters of A-Z a-z 0-9 . _ : -; U+0020 at position 3 is not allowed"},
                 {"index":1,"field":"hours","problem":"must be between 0.5 and 200 hours, got 0.25"}]}"""));
        String marker = UUID.randomUUID().toString();
        assertThat(post("/v1/events", "tok-a", training(marker, "clinic-a", "co-7", "8")).statusCode()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> all = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.TRAININGS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, marker)));
        assertThat(all).noneMatch(rec -> RawTopics.contains(rec, goodId));
    }

    @Test
    void acceptsOneEventAndWritesItPseudonymousWithEventTime() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = post("/v1/events", "tok-a", episode(id, "clinic-a", "MRN-0001"));

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(r.body()).get("accepted").asInt()).isEqualTo(1);
        ConsumerRecord<byte[], byte[]> written = written(id).get(0);
        assertThat(written.topic()).isEqualTo(Topics.EPISODES.name());
        assertThat(new String(written.key(), StandardCharsets.UTF_8)).isEqualTo(PSEUDONYM);
        assertThat(written.timestamp()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z").toEpochMilli());
        assertThat(written.value()[0]).as("Confluent magic byte").isEqualTo((byte) 0);
        assertThat(RawTopics.contains(written, "MRN-0001")).isFalse();
    }

    @Test
    void oneBadEventInAHundredWritesNothingAndNamesIt() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(UUID.randomUUID().toString());
            events.add(craving(ids.get(i), i == 57 ? 11 : i % 11));
        }

        HttpResponse<String> refused = post("/v1/events", "tok-a", "[" + String.join(",", events) + "]");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body())).isEqualTo(JSON.readTree("""
                {"errors":[{"index":57,"field":"items[0]","problem":"must be between 0 and 10, got 11 (item 1)"}]}"""));
        String marker = UUID.randomUUID().toString();
        assertThat(post("/v1/events", "tok-a", craving(marker, 1)).statusCode()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> all = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.SURVEYS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, marker)));
        assertThat(all).as("the marker written after the refused batch").anyMatch(rec -> RawTopics.contains(rec, marker));
        assertThat(all).noneMatch(rec -> ids.stream().anyMatch(id -> RawTopics.contains(rec, id)));

        events.set(57, craving(ids.get(57), 10));
        HttpResponse<String> accepted = post("/v1/events", "tok-a", "[" + String.join(",", events) + "]");
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).get("accepted").asInt()).isEqualTo(100);
        List<ConsumerRecord<byte[], byte[]>> after = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.SURVEYS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, ids.get(99))));
        assertThat(ids).allMatch(id -> after.stream().filter(rec -> RawTopics.contains(rec, id)).count() == 1);
    }

    @Test
    void parallelBatchesAreEachWrittenOnceInTheirOwnTransaction() throws Exception {
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ids.add(UUID.randomUUID().toString());
            }
            batches.add(ids);
        }
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = batches.stream()
                .map(ids -> HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/events"))
                        .header("Authorization", "Bearer tok-a").POST(HttpRequest.BodyPublishers.ofString(
                                "[" + ids.stream().map(id -> craving(id, 2)).collect(Collectors.joining(",")) + "]"))
                        .build(), HttpResponse.BodyHandlers.ofString()))
                .toList();

        assertThat(answers).allSatisfy(a -> assertThat(a.get().statusCode()).isEqualTo(202));
        List<String> all = batches.stream().flatMap(List::stream).toList();
        List<ConsumerRecord<byte[], byte[]>> read = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.SURVEYS.name()), recs -> all.stream().allMatch(id -> recs.stream()
                        .anyMatch(rec -> RawTopics.contains(rec, id))));
        assertThat(all).allMatch(id -> read.stream().filter(rec -> RawTopics.contains(rec, id)).count() == 1);
    }

    @Test
    void anUnreachableRegistryAnswers503AndWritesNothing() throws Exception {
        RapportConfig noRegistry = config.with("schema.registry.url", "http://127.0.0.1:1");
        Javalin other = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        try (RapportClient broken = RapportClient.create(noRegistry)) {
            new IngestRoutes(broken, new HttpAuth(tokens, DENIED::add, Clock.systemUTC()), noRegistry).addRoutes(other);
            other.start("127.0.0.1", 0);
            String id = UUID.randomUUID().toString();
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + other.port() + "/v1/events"))
                    .header("Authorization", "Bearer tok-a").POST(HttpRequest.BodyPublishers.ofString(craving(id, 3)))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).isEqualTo("{\"error\":\"the events could not be written to Kafka; "
                    + "nothing was stored, retry later\"}");
            String marker = UUID.randomUUID().toString();
            assertThat(post("/v1/events", "tok-a", craving(marker, 1)).statusCode()).isEqualTo(202);
            List<ConsumerRecord<byte[], byte[]>> all = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                    List.of(Topics.SURVEYS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, marker)));
            assertThat(all).noneMatch(rec -> RawTopics.contains(rec, id));
        } finally {
            other.stop();
        }
    }

    @Test
    void validationErrorsListIndexFieldAndProblem() throws Exception {
        HttpResponse<String> r = post("/v1/events", "tok-a", "[" + episode(UUID.randomUUID().toString(), "clinic-a", "R1")
                + ",{\"type\":\"session\",\"event_id\":\"x\",\"clinic_id\":\"clinic-a\",\"program_id\":\"p\","
                + "\"occurred_at\":\"2026-03-02T09:00:00Z\",\"session_id\":\"S1\",\"session_type\":\"GROUP\","
                + "\"counselor_id\":\"co\",\"duration_minutes\":0,\"modality\":\"IN_PERSON\"}]");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).get("errors").toString()).isEqualTo(
                "[{\"index\":1,\"field\":\"event_id\",\"problem\":\"must be a UUID\"},"
                        + "{\"index\":1,\"field\":\"duration_minutes\",\"problem\":\"must be between 1 and 600, got 0\"}]");
    }

    @Test
    void unreadableBodiesAre400WithoutEchoingThem() throws Exception {
        HttpResponse<String> broken = post("/v1/events", "tok-a", "{\"type\":\"episode\",\"client_ref\":\"MRN-77\"");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).startsWith("{\"error\":\"unreadable JSON").doesNotContain("MRN-77");
        assertThat(post("/v1/events", "tok-a", "42").statusCode()).isEqualTo(400);
        assertThat(post("/v1/events", "tok-a", "").statusCode()).isEqualTo(400);
        assertThat(post("/v1/events", "tok-a", "[]").statusCode()).isEqualTo(400);
        assertThat(post("/v1/fhir", "tok-a", "{\"resourceType\":\"Patient\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void tooManyEventsOrBytesAre413() throws Exception {
        String many = "[" + String.join(",", java.util.Collections.nCopies(MAX_BATCH + 1, "{}")) + "]";
        HttpResponse<String> count = post("/v1/events", "tok-a", many);
        assertThat(count.statusCode()).isEqualTo(413);
        assertThat(count.body()).contains("at most 150 events");
        String big = "[" + craving(UUID.randomUUID().toString(), 1) + "," + " ".repeat(MAX_BYTES) + "]";
        assertThat(post("/v1/events", "tok-a", big).statusCode()).isEqualTo(413);
    }

    @Test
    void anotherClinicsEventIsForbiddenAndTheDenialLoggedWithoutPayload() throws Exception {
        String mine = episode(UUID.randomUUID().toString(), "clinic-a", "MRN-0001");
        String theirs = episode(UUID.randomUUID().toString(), "clinic-b", "MRN-SECRET-9");
        HttpResponse<String> r = post("/v1/events", "tok-a", "[" + mine + "," + theirs + "]");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"error\":\"forbidden: event 1 belongs to clinic clinic-b; "
                + "this token writes for clinic clinic-a only\"}");
        assertThat(DENIED).singleElement().satisfies(d -> {
            assertThat(d.who()).isEqualTo("ehr-a");
            assertThat(d.path()).isEqualTo("/v1/events");
            assertThat(d.status()).isEqualTo(403);
            assertThat(d.toLogLine()).doesNotContain("MRN-SECRET-9").doesNotContain("MRN-0001");
        });
    }

    @Test
    void ticksComeOnlyFromAdminAndReachEveryPartitionOfEveryInputTopic() throws Exception {
        String tick = "{\"type\":\"tick\",\"occurred_at\":\"2026-03-04T00:00:00Z\"}";
        assertThat(post("/v1/events", "tok-a", tick).statusCode()).isEqualTo(403);
        HttpResponse<String> r = post("/v1/events", "tok-admin", tick);
        assertThat(r.statusCode()).isEqualTo(202);

        int partitions = CLUSTER.config().integer("topics.local.partitions");
        java.util.function.Function<List<ConsumerRecord<byte[], byte[]>>, List<ConsumerRecord<byte[], byte[]>>> ticksOf =
                recs -> recs.stream().filter(rec -> rec.headers().lastHeader(Ticks.HEADER) != null
                        && Ticks.instant(rec.headers()).equals(Instant.parse("2026-03-04T00:00:00Z"))).toList();
        List<ConsumerRecord<byte[], byte[]>> ticks = ticksOf.apply(RawTopics.readUntil(CLUSTER.bootstrapServers(),
                Topics.INPUTS.stream().map(t -> t.name()).toList(), recs -> ticksOf.apply(recs).size() >= Topics.INPUTS.size() * partitions));
        assertThat(Topics.INPUTS).contains(Topics.TRAININGS);
        assertThat(ticks).hasSize(Topics.INPUTS.size() * partitions);
        assertThat(ticks).allSatisfy(t -> {
            assertThat(t.value()).isNull();
            assertThat(new String(t.key(), StandardCharsets.UTF_8)).isEqualTo(Ticks.KEY);
            assertThat(t.timestamp()).isEqualTo(Instant.parse("2026-03-04T00:00:00Z").toEpochMilli());
        });
        assertThat(ticks.stream().map(t -> t.topic() + "/" + t.partition()).collect(Collectors.toSet()))
                .hasSize(Topics.INPUTS.size() * partitions);
    }

    @Test
    void aClinicResolvesItsOwnRecordNumbersOnly() throws Exception {
        HttpResponse<String> own = get("/v1/clinics/clinic-a/pseudonym?client_ref=MRN-0001", "tok-a");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(own.body())).isEqualTo(JSON.readTree(
                "{\"clinic_id\":\"clinic-a\",\"client_id\":\"" + PSEUDONYM + "\"}"));
        assertThat(own.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(get("/v1/clinics/clinic-a/pseudonym", "tok-a").statusCode()).isEqualTo(400);
        assertThat(get("/v1/clinics/clinic-a/pseudonym?client_ref=MRN-0001", "tok-b").statusCode()).isEqualTo(403);
        assertThat(DENIED).singleElement().satisfies(d -> assertThat(d.toLogLine()).doesNotContain("MRN-0001"));
    }

    @Test
    void aFhirBundleIsAcceptedWhole() throws Exception {
        String bundle;
        try (InputStream in = GatewayTest.class.getResourceAsStream("/fhir/clinic-a-bundle.json")) {
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpResponse<String> r = post("/v1/fhir", "tok-a", bundle);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(17);
        assertThat(body.get("by_topic").get(Topics.SURVEYS.name()).asInt()).isEqualTo(7);

        assertThat(post("/v1/fhir", "tok-b", bundle).statusCode()).as("clinic-a's resources").isEqualTo(403);
    }

    @Test
    void theStandaloneGatewayServesHealthRefusesStrangersAndTicksOnItsOwn() throws Exception {
        Instant started = Instant.now();
        RapportConfig own = config.with(Map.of("http.host", "127.0.0.1", "http.port", "0", "ticker.interval", "PT0.2S"));
        try (Gateway gateway = Gateway.start(own, tokens)) {
            String base = "http://127.0.0.1:" + gateway.port();
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

            int partitions = config.integer("topics.local.partitions");
            java.util.function.Function<List<ConsumerRecord<byte[], byte[]>>, java.util.Set<String>> ticked =
                    recs -> recs.stream().filter(rec -> rec.headers().lastHeader(Ticks.HEADER) != null
                                    && !Ticks.instant(rec.headers()).isBefore(started))
                            .map(rec -> rec.topic() + "/" + rec.partition()).collect(Collectors.toSet());
            List<ConsumerRecord<byte[], byte[]>> read = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                    Topics.INPUTS.stream().map(t -> t.name()).toList(), recs -> ticked.apply(recs).size() == Topics.INPUTS.size() * partitions);
            assertThat(ticked.apply(read)).as("a wall-clock tick on every input partition")
                    .hasSize(Topics.INPUTS.size() * partitions);
        }
    }

    /** Who may do what: POST events for clinic-a, POST a FHIR bundle, resolve a clinic-a pseudonym. */
    @ParameterizedTest(name = "{0}: events {1}, fhir {2}, pseudonym {3}")
    @CsvSource({
            "none,      401, 401, 401",
            "wrong,     401, 401, 401",
            "tok-a,     202, 422, 200",
            "tok-b,     403, 422, 403",
            "tok-dir,   403, 403, 403",
            "tok-res,   403, 403, 403",
            "tok-admin, 202, 422, 200"})
    void roleMatrix(String token, int events, int fhir, int pseudonym) throws Exception {
        String auth = token.equals("none") ? null : token;
        assertThat(post("/v1/events", auth, episode(UUID.randomUUID().toString(), "clinic-a", "MRN-1")).statusCode())
                .isEqualTo(events);
        // A bundle naming no clinic: a clinic token fills in its own, and the empty bundle then holds no valid event.
        String bundle = "{\"resourceType\":\"Bundle\",\"entry\":[{\"resource\":{\"resourceType\":\"QuestionnaireResponse\","
                + "\"id\":\"q\",\"status\":\"completed\",\"questionnaire\":\"Questionnaire/CRAVING\"}}]}";
        assertThat(post("/v1/fhir", auth, bundle).statusCode()).isEqualTo(fhir);
        assertThat(get("/v1/clinics/clinic-a/pseudonym?client_ref=MRN-1", auth).statusCode()).isEqualTo(pseudonym);
        assertThat(DENIED).hasSize((events >= 400 && events != 422 ? 1 : 0) + (fhir == 401 || fhir == 403 ? 1 : 0)
                + (pseudonym >= 401 && pseudonym <= 403 ? 1 : 0));
    }

    /** Issue 11: FHIR XML got "400 unreadable JSON at line 1, column 1". */
    @Test
    void fhirXmlIsRefusedAsUnsupportedMediaType() throws Exception {
        String xml = "<?xml version=\"1.0\"?><Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"collection\"/></Bundle>";
        HttpResponse<String> declared = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                        + "/v1/fhir")).header("Authorization", "Bearer tok-a").header("Content-Type", "application/fhir+xml")
                .POST(HttpRequest.BodyPublishers.ofString(xml)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> undeclared = post("/v1/fhir", "tok-a", "\n  " + xml);

        assertThat(declared.statusCode()).isEqualTo(415);
        assertThat(undeclared.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(undeclared.body()).get("error").asText())
                .startsWith("FHIR XML is not supported: send FHIR JSON (Content-Type application/fhir+json)");
    }

    @Test
    void aFinishedEpisodeWithoutDischargeReasonIsAcceptedAsOtherWithADataQualityNote() throws Exception {
        String bundle = """
                {"resourceType":"Bundle","type":"collection","entry":[
                 {"fullUrl":"urn:uuid:2f1e0c1a-0000-4000-8000-000000000001","resource":{"resourceType":"Patient",
                  "identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},
                  "value":"MRN-DQ-1"}]}},
                 {"resource":{"resourceType":"EpisodeOfCare","id":"eoc-dq-%s","status":"finished",
                  "type":[{"coding":[{"system":"https://rapport.example/fhir/CodeSystem/level-of-care","code":"OUTPATIENT"}]}],
                  "patient":{"reference":"urn:uuid:2f1e0c1a-0000-4000-8000-000000000001"},
                  "period":{"start":"2026-01-05T09:00:00Z","end":"2026-02-01T09:00:00Z"}}}]}""".formatted(UUID.randomUUID());

        HttpResponse<String> r = post("/v1/fhir?program_id=p-op", "tok-a", bundle);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("data_quality")).hasSize(1);
        assertThat(body.get("data_quality").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(body.get("data_quality").get(0).get("field").asText()).isEqualTo("EpisodeOfCare.extension:discharge-reason");
        assertThat(body.get("data_quality").get(0).get("problem").asText()).startsWith("the EpisodeOfCare is finished but "
                + "says no discharge reason: discharged as OTHER");
    }

    /** Issue 9: clinic-b posted admissions into clinic-a's program and clinic-a's director listed them. */
    @Test
    void aClinicWritesOnlyIntoItsOwnRegisteredPrograms(@TempDir Path dir) throws Exception {
        Path programs = dir.resolve("programs.yaml");
        Files.writeString(programs, """
                - {id: p-op, clinic: clinic-a, name: A Outpatient, level_of_care: OUTPATIENT}
                - {id: b-op, clinic: clinic-b, name: B Outpatient, level_of_care: OUTPATIENT}
                """);
        RapportConfig registered = config.with("programs.file", programs.toString());
        Javalin other = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        try (RapportClient checked = RapportClient.create(registered)) {
            new IngestRoutes(checked, new HttpAuth(tokens, DENIED::add, Clock.systemUTC()), registered).addRoutes(other);
            other.start("127.0.0.1", 0);
            java.util.function.BiFunction<String, String, HttpResponse<String>> send = (token, body) -> {
                try {
                    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other.port() + "/v1/events"))
                            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            String intoA = episode(UUID.randomUUID().toString(), "clinic-b", "MRN-B-1");

            HttpResponse<String> foreign = send.apply("tok-b", intoA);
            assertThat(foreign.statusCode()).isEqualTo(403);
            assertThat(foreign.body()).isEqualTo("{\"error\":\"forbidden: event 0: program_id: program 'p-op' belongs "
                    + "to clinic clinic-a, not to clinic-b; this token writes for clinic clinic-b's programs only\"}");
            assertThat(DENIED).singleElement().satisfies(d -> assertThat(d.toLogLine()).doesNotContain("MRN-B-1"));

            HttpResponse<String> unknown = send.apply("tok-b", intoA.replace("p-op", "b-iop"));
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(unknown.body())).isEqualTo(JSON.readTree("""
                    {"errors":[{"index":0,"field":"program_id",
                      "problem":"unknown program 'b-iop': it is not in the program registry (programs.file)"}]}"""));

            assertThat(send.apply("tok-admin", intoA).statusCode()).as("admin may post for clinic-b, but p-op is not "
                    + "clinic-b's").isEqualTo(422);
            assertThat(send.apply("tok-b", intoA.replace("p-op", "b-op")).statusCode()).isEqualTo(202);
            assertThat(send.apply("tok-a", episode(UUID.randomUUID().toString(), "clinic-a", "MRN-1")).statusCode())
                    .isEqualTo(202);

            // Trainings are checked in the same place: a counselor's course is filed under its clinic's own program.
            String trainingIntoA = training(UUID.randomUUID().toString(), "clinic-b", "co-b1", "8");
            assertThat(send.apply("tok-b", trainingIntoA).statusCode()).isEqualTo(403);
            HttpResponse<String> unknownTraining = send.apply("tok-b", trainingIntoA.replace("p-op", "b-iop"));
            assertThat(JSON.readTree(unknownTraining.body())).isEqualTo(JSON.readTree("""
                    {"errors":[{"index":0,"field":"program_id",
                      "problem":"unknown program 'b-iop': it is not in the program registry (programs.file)"}]}"""));
            assertThat(send.apply("tok-b", trainingIntoA.replace("p-op", "b-op")).statusCode()).isEqualTo(202);
        } finally {
            other.stop();
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> written(String eventId) {
        return RawTopics.readUntil(CLUSTER.bootstrapServers(), Topics.INPUTS.stream().map(t -> t.name()).toList(),
                        recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, eventId)))
                .stream().filter(rec -> RawTopics.contains(rec, eventId)).toList();
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
