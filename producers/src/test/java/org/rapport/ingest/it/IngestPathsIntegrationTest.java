package org.rapport.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.file.ImportOptions;
import org.rapport.ingest.file.ImportSummary;
import org.rapport.ingest.file.Importer;
import org.rapport.ingest.http.IngestRoutes;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/**
 * Events enter through every path (HTTP JSON, HTTP FHIR, JSON lines, CSV, FHIR Bundle and ndjson files,
 * the simulator); then every topic is read as raw bytes to prove that no client_ref reached Kafka.
 */
class IngestPathsIntegrationTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("it-secret");
    private static RapportClient client;
    private static Javalin app;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        CLUSTER.provisionRapportTopics();
        RapportConfig config = CLUSTER.config().with("pseudonym.secret", "it-secret");
        client = RapportClient.create(config);
        app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        TokenStore tokens = TokenStore.of(List.of(new TokenEntry("ehr-a", TokenStore.sha256Hex("tok-a"), "clinic:clinic-a")));
        new IngestRoutes(client, new HttpAuth(tokens, d -> { }, Clock.systemUTC()), config).addRoutes(app);
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        client.close();
    }

    private static String line(String type, String clientRef, String extra) {
        return "{\"type\":\"" + type + "\",\"event_id\":\"" + UUID.randomUUID() + "\",\"clinic_id\":\"clinic-a\","
                + "\"program_id\":\"p-op\",\"occurred_at\":\"2026-02-02T10:00:00Z\""
                + (clientRef == null ? "" : ",\"client_ref\":\"" + clientRef + "\"") + extra + "}";
    }

    @Test
    void jsonLinesImportGoesOnPastBadLinesAndReportsThemByLineNumber() throws Exception {
        Path file = dir.resolve("events.jsonl");
        Files.writeString(file, String.join("\n",
                line("episode", "REF-JSONL-1", ",\"action\":\"ADMITTED\",\"level_of_care\":\"OTP\""),
                line("session", null, ",\"session_id\":\"S-J1\",\"session_type\":\"GROUP\",\"counselor_id\":\"co-1\","
                        + "\"duration_minutes\":60,\"modality\":\"IN_PERSON\""),
                "",
                line("attendance", "REF-JSONL-1", ",\"session_id\":\"S-J1\",\"status\":\"WENT\""),
                "{not json",
                line("attendance", "REF-JSONL-1", ",\"session_id\":\"S-J1\",\"status\":\"ATTENDED\""),
                "{\"type\":\"tick\",\"occurred_at\":\"2026-02-03T00:00:00Z\"}"));
        Path report = dir.resolve("jsonl-report.tsv");

        ImportSummary summary = new Importer(client).run(List.of(file), ImportOptions.defaults().withReportFile(report));

        assertThat(summary).usingRecursiveComparison().ignoringFields("elapsed")
                .isEqualTo(new ImportSummary(6, 4, 2, 0, 4, 0, null, report));
        assertThat(Files.readAllLines(report)).containsExactly("file\tposition\tfield\tproblem",
                file + "\tline 4\tstatus\tunknown value 'WENT'; expected one of ATTENDED|LATE|LEFT_EARLY|NO_SHOW"
                        + "|CANCELLED_BY_CLIENT|CANCELLED_BY_PROGRAM",
                file + "\tline 5\t\tunreadable JSON at column 2");
        assertThat(keys(Topics.ATTENDANCE.name(), PSEUDONYMS.clientId("clinic-a", "REF-JSONL-1"))).contains(PSEUDONYMS.clientId("clinic-a", "REF-JSONL-1"));
    }

    @Test
    void csvImportWithBomCrlfQuotedCommasAndEmptyItems() throws Exception {
        Path file = dir.resolve("events.csv");
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        String header = "type,event_id,clinic_id,program_id,occurred_at,client_ref,instrument,items,counselor_id\r\n";
        String ok1 = "survey," + UUID.randomUUID() + ",clinic-a,p-op,2026-02-02T10:00:00Z,\"REF-CSV, 2\",PHQ9,1;0;;2;1;0;0;1;0,\r\n";
        String ok2 = "survey," + UUID.randomUUID() + ",clinic-a,p-op,2026-02-02T10:00:00Z,REF-CSV-1,CARE,5;4;4;5;3;4;5;5;4;4,co-7\r\n";
        String bad = "survey," + UUID.randomUUID() + ",clinic-a,p-op,2026-02-02T10:00:00Z,REF-CSV-1,CARE,5;4;4,\r\n";
        csv.write((header + ok1 + bad + ok2).getBytes(StandardCharsets.UTF_8));
        Files.write(file, csv.toByteArray());
        Path report = dir.resolve("csv-report.tsv");
        ByteArrayOutputStream terminal = new ByteArrayOutputStream();

        ImportSummary summary = new Importer(client).run(List.of(file), ImportOptions.defaults().withReportFile(report)
                .withProgress(new PrintStream(terminal, true, StandardCharsets.UTF_8)));

        assertThat(summary.read()).isEqualTo(3);
        assertThat(summary.accepted()).isEqualTo(2);
        assertThat(summary.rejected()).isEqualTo(1);
        assertThat(terminal.toString(StandardCharsets.UTF_8))
                .endsWith("\r[" + "#".repeat(30) + "] 100%  3 rows  events.csv   " + System.lineSeparator());
        assertThat(summary.describe()).matches("read 3, accepted 2, rejected 1; 2 events written in \\d+\\.\\d s "
                + "\\(\\d+ events/s\\); rejections listed in " + java.util.regex.Pattern.quote(report.toString()));
        assertThat(Files.readAllLines(report)).containsExactly("file\tposition\tfield\tproblem",
                file + "\tline 3\tcounselor_id\tis required for CARE",
                file + "\tline 3\titems\tCARE needs 10 items, got 3");
        assertThat(keys(Topics.SURVEYS.name(), PSEUDONYMS.clientId("clinic-a", "REF-CSV, 2"),
                PSEUDONYMS.clientId("clinic-a", "REF-CSV-1"))).contains(PSEUDONYMS.clientId("clinic-a", "REF-CSV, 2"),
                PSEUDONYMS.clientId("clinic-a", "REF-CSV-1"));
    }

    @Test
    void trainingsFromJsonLinesAndCsvGoToTheTrainingsTopicKeyedByCounselor() throws Exception {
        Path jsonl = dir.resolve("trainings.jsonl");
        Files.writeString(jsonl, String.join("\n",
                line("training", null, ",\"counselor_id\":\"co-jsonl\",\"training_id\":\"empathy-2026-02\","
                        + "\"curriculum\":\"EMPATHY\",\"hours\":16"),
                line("training", null, ",\"counselor_id\":\"co-jsonl-2\",\"training_id\":\"empathy-2026-02\","
                        + "\"curriculum\":\"EMPATHY\",\"hours\":16.25")));
        Path csv = dir.resolve("trainings.csv");
        Files.writeString(csv, "type,event_id,clinic_id,program_id,occurred_at,counselor_id,training_id,curriculum,hours\n"
                + "training," + UUID.randomUUID() + ",clinic-a,p-op,2026-02-03T16:00:00Z,co-csv,mi-2026-02,"
                + "MOTIVATIONAL_INTERVIEWING,7.5\n");
        Path report = dir.resolve("trainings-report.tsv");

        ImportSummary summary = new Importer(client).run(List.of(jsonl, csv),
                ImportOptions.defaults().withReportFile(report));

        assertThat(summary).usingRecursiveComparison().ignoringFields("elapsed")
                .isEqualTo(new ImportSummary(3, 2, 1, 0, 2, 0, null, report));
        assertThat(Files.readAllLines(report)).containsExactly("file\tposition\tfield\tproblem",
                jsonl + "\tline 2\thours\tmust be a whole number of half hours (0.5, 1, 1.5 …), got 16.25");
        List<ConsumerRecord<byte[], byte[]>> written = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.TRAININGS.name()), recs -> recs.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                        .collect(Collectors.toSet()).containsAll(List.of("co-jsonl", "co-csv")));
        assertThat(written).filteredOn(r -> r.value() != null)
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8)).contains("co-jsonl", "co-csv");
        assertThat(written).filteredOn(r -> new String(r.key(), StandardCharsets.UTF_8).equals("co-csv"))
                .singleElement().satisfies(r -> {
                    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-02-03T16:00:00Z").toEpochMilli());
                    assertThat(RawTopics.contains(r, "mi-2026-02")).isTrue();
                });
    }

    @Test
    void fhirBundleAndNdjsonFilesImport() throws Exception {
        Path bundle = dir.resolve("bundle.json");
        try (InputStream in = getClass().getResourceAsStream("/fhir/clinic-a-bundle.json")) {
            Files.write(bundle, in.readAllBytes());
        }
        Path ndjson = dir.resolve("responses.ndjson");
        Files.writeString(ndjson, """
                {"resourceType":"QuestionnaireResponse","id":"nd-1","status":"completed","questionnaire":"Questionnaire/CRAVING","subject":{"reference":"Patient/pat-nd-1"},"authored":"2026-02-02T10:00:00Z","item":[{"linkId":"1","answer":[{"valueInteger":3}]}]}
                {"resourceType":"Patient","id":"pat-nd-1","identifier":[{"type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"value":"REF-NDJSON-1"}]}
                """);

        ImportSummary summary = new Importer(client).run(List.of(bundle, ndjson),
                ImportOptions.defaults().withReportFile(dir.resolve("fhir-report.tsv")).withDefaults("clinic-a", "p-op"));

        assertThat(summary).usingRecursiveComparison().ignoringFields("elapsed")
                .isEqualTo(new ImportSummary(20, 16, 0, 4, 18, 0, null, null));
        assertThat(keys(Topics.SURVEYS.name(), PSEUDONYMS.clientId("clinic-a", "REF-NDJSON-1"),
                PSEUDONYMS.clientId("clinic-a", "MRN-0001"))).contains(PSEUDONYMS.clientId("clinic-a", "REF-NDJSON-1"),
                PSEUDONYMS.clientId("clinic-a", "MRN-0001"));
    }

    @Test
    void unknownFileTypesAndMissingFilesAreRefusedBeforeAnythingIsWritten() throws Exception {
        Path good = dir.resolve("ok.jsonl");
        Files.writeString(good, line("episode", "REF-X", ",\"action\":\"ADMITTED\",\"level_of_care\":\"OTP\""));
        Path excel = dir.resolve("events.xlsx");
        Files.writeString(excel, "x");
        Importer importer = new Importer(client);

        assertThatThrownBy(() -> importer.run(List.of(good, excel), ImportOptions.defaults()))
                .hasMessageContaining("Cannot import " + excel + ": expected .jsonl, .ndjson, .json");
        assertThatThrownBy(() -> importer.run(List.of(dir.resolve("nope.csv")), ImportOptions.defaults()))
                .hasMessageContaining("No such file");
    }

    @Test
    void httpJsonAndFhirPaths() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "[" + line("episode", "REF-HTTP-1", ",\"action\":\"ADMITTED\",\"level_of_care\":\"OUTPATIENT\"") + "]";
        assertThat(post(http, "/v1/events", body).statusCode()).isEqualTo(202);
        String bundle;
        try (InputStream in = getClass().getResourceAsStream("/fhir/clinic-a-bundle.json")) {
            bundle = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(post(http, "/v1/fhir", bundle).statusCode()).isEqualTo(202);
        assertThat(keys(Topics.EPISODES.name(), PSEUDONYMS.clientId("clinic-a", "REF-HTTP-1"))).contains(PSEUDONYMS.clientId("clinic-a", "REF-HTTP-1"));
    }

    @Test
    void simulatorProducesEveryDayAndItsTicksThroughTheClient() {
        SimulatorOptions options = new SimulatorOptions(3, 10, 15, Instant.parse("2026-01-05T00:00:00Z"), false,
                Duration.ofSeconds(1));
        int before = inputRecords().size();

        Simulator.Summary summary = new Simulator(options, client, Clock.systemUTC()).run();

        int partitions = CLUSTER.config().integer("topics.local.partitions");
        assertThat(summary.days()).isEqualTo(10);
        assertThat(summary.events()).isPositive();
        long expected = before + summary.events() + 10L * Topics.INPUTS.size() * partitions;
        assertThat(RawTopics.readUntil(CLUSTER.bootstrapServers(), Topics.INPUTS.stream().map(t -> t.name()).toList(),
                recs -> recs.size() >= expected)).hasSize((int) expected);
    }

    /** Runs every path itself (test order is not fixed), then reads every topic of the cluster raw. */
    @Test
    void noClientRefFromAnyPathAppearsAnywhereInKafka() throws Exception {
        jsonLinesImportGoesOnPastBadLinesAndReportsThemByLineNumber();
        csvImportWithBomCrlfQuotedCommasAndEmptyItems();
        fhirBundleAndNdjsonFilesImport();
        httpJsonAndFhirPaths();
        simulatorProducesEveryDayAndItsTicksThroughTheClient();
        List<String> secrets = List.of("REF-JSONL-1", "REF-CSV-1", "REF-CSV, 2", "REF-NDJSON-1", "REF-HTTP-1",
                "MRN-0001", "000-11-2222", "MRN-00");
        Set<String> topics;
        try (Admin admin = CLUSTER.admin()) {
            topics = admin.listTopics().names().get();
        }
        assertThat(topics).containsAll(Topics.INPUTS.stream().map(t -> t.name()).toList());
        List<ConsumerRecord<byte[], byte[]>> everything = RawTopics.readAll(CLUSTER.bootstrapServers(), topics);
        assertThat(everything).hasSizeGreaterThan(40);
        for (String secret : secrets) {
            assertThat(everything).as("records containing %s", secret)
                    .noneMatch(record -> RawTopics.contains(record, secret));
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> inputRecords() {
        return RawTopics.readAll(CLUSTER.bootstrapServers(), Topics.INPUTS.stream().map(t -> t.name()).toList());
    }

    /** The keys of a topic, once those expected are there (commit markers land a moment after the commit). */
    private static Set<String> keys(String topic, String... expected) {
        return RawTopics.readUntil(CLUSTER.bootstrapServers(), List.of(topic), recs -> recs.stream()
                        .filter(r -> r.key() != null).map(r -> new String(r.key(), StandardCharsets.UTF_8))
                        .collect(Collectors.toSet()).containsAll(List.of(expected))).stream()
                .filter(r -> r.key() != null).map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }

    private static HttpResponse<String> post(HttpClient http, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", "Bearer tok-a").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
