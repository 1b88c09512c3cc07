package org.rapport.ingest.it;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.EpisodeAction;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.LevelOfCare;
import org.rapport.avro.Modality;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.ingest.file.ImportOptions;
import org.rapport.ingest.file.ImportSummary;
import org.rapport.ingest.file.Importer;
import org.rapport.ingest.http.IngestRoutes;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.programs.ProgramRegistry;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.simulator.Simulator;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/**
 * Issue 11, end to end on a real broker: a FHIR Bundle and a bulk export (one ndjson file per resource type)
 * shaped the way EHRs write them go in without edits, become exactly the expected events under the expected
 * pseudonyms, and one person sent through Bundle, ndjson, CSV and JSON gets one pseudonym.
 */
class EhrExportsIntegrationTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final Pseudonymizer PSEUDONYMS = new Pseudonymizer("ehr-secret");
    private static final String JANE = PSEUDONYMS.clientId("clinic-north", "N-20417");
    private static final String RICHARD = PSEUDONYMS.clientId("clinic-east", "E-2001");
    private static final String MARIA = PSEUDONYMS.clientId("clinic-east", "E-2002");
    private static final List<String> EXPORT_ORDER = List.of("QuestionnaireResponse.ndjson", "EpisodeOfCare.ndjson",
            "Encounter.ndjson", "Observation.ndjson", "Practitioner.ndjson", "Patient.ndjson");

    @TempDir
    static Path dir;
    private static RapportConfig config;
    private static RapportClient client;
    private static Importer importer;

    @BeforeAll
    static void start() {
        CLUSTER.provisionRapportTopics();
        Path programs = dir.resolve("programs.yaml");
        ProgramRegistry.of(Simulator.programs()).save(programs);
        config = CLUSTER.config().with(java.util.Map.of("pseudonym.secret", "ehr-secret",
                "programs.file", programs.toString()));
        client = RapportClient.create(config);
        importer = new Importer(client, FhirMapping.fromConfig(config));
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Path resource(String name) throws Exception {
        Path file = dir.resolve(name.replace('/', '-'));
        try (InputStream in = EhrExportsIntegrationTest.class.getResourceAsStream("/fhir/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void anEhrBundleGoesInWithoutEdits() throws Exception {
        Path report = dir.resolve("north-report.tsv");

        ImportSummary summary = importer.run(List.of(resource("ehr-north-bundle.json")),
                ImportOptions.defaults().withReportFile(report).withDefaults("clinic-north", "north-op"));

        // Patient, Practitioner, Organization, Condition and Observation lend or carry nothing: skipped.
        assertThat(summary).usingRecursiveComparison().ignoringFields("elapsed")
                .isEqualTo(new ImportSummary(10, 5, 0, 5, 8, 1, null, report));
        assertThat(summary.exitCode(false)).isZero();
        assertThat(Files.readAllLines(report)).hasSize(2).last().asString()
                .contains("entry 4\tEpisodeOfCare.extension:discharge-reason\tdata-quality note (accepted): "
                        + "the EpisodeOfCare is finished but says no discharge reason: discharged as OTHER");

        List<EpisodeEvent> episodes = values(Topics.EPISODES, JANE, 2);
        assertThat(episodes).extracting(EpisodeEvent::getAction, EpisodeEvent::getOccurredAt,
                        EpisodeEvent::getLevelOfCare, EpisodeEvent::getDischargeReason, EpisodeEvent::getProgramId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EpisodeAction.ADMITTED, Instant.parse("2026-01-05T14:00:00Z"),
                                LevelOfCare.OUTPATIENT, null, "north-op"),
                        org.assertj.core.groups.Tuple.tuple(EpisodeAction.DISCHARGED, Instant.parse("2026-03-02T21:00:00Z"),
                                LevelOfCare.OUTPATIENT, DischargeReason.OTHER, "north-op"));
        List<SessionEvent> sessions = values(Topics.SESSIONS, "enc-n-1", 1);
        sessions.addAll(values(Topics.SESSIONS, "enc-n-2", 1));
        assertThat(sessions).extracting(SessionEvent::getSessionType, SessionEvent::getModality,
                        SessionEvent::getDurationMinutes, SessionEvent::getCounselorId, SessionEvent::getOccurredAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SessionType.INDIVIDUAL, Modality.IN_PERSON, 50, "co-north-7",
                                Instant.parse("2026-01-12T19:00:00Z")),
                        org.assertj.core.groups.Tuple.tuple(SessionType.INDIVIDUAL, Modality.TELEHEALTH, 45, "co-north-7",
                                Instant.parse("2026-01-19T19:00:00Z")));
        assertThat(values(Topics.ATTENDANCE, JANE, 3)).extracting(a -> a.getSessionId() + " " + a.getStatus())
                .containsExactly("enc-n-1 ATTENDED", "enc-n-2 ATTENDED", "apt-n-3 NO_SHOW");
        SurveyEvent phq9 = values(Topics.SURVEYS, JANE, 1).get(0);
        assertThat(phq9.getInstrument()).isEqualTo(Instrument.PHQ9);
        assertThat(phq9.getItems()).containsExactly(2, 1, 1, 0, 1, 2, 0, 1, 0);
        assertThat(phq9.getOccurredAt()).isEqualTo(Instant.parse("2026-01-12T20:05:00Z"));
        assertNothingIdentifyingIn("N-20417", "999-00-1234", "S99988801", "Doe", PSEUDONYMS.clientId("clinic-north", "pat-n-1"));
    }

    @Test
    void aBulkExportGoesInWithItsPatientFileLast() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String name : EXPORT_ORDER) {
            files.add(resource("ehr-east-export/" + name));
        }

        ImportSummary summary = importer.run(files, ImportOptions.defaults()
                .withReportFile(dir.resolve("east-report.tsv")).withDefaults("clinic-east", "east-op"));

        // 2 responses, 2 episodes (3 events: one discharged), 3 encounters (5 events: one planned, no attendance);
        // the Observation, the Practitioner and the 2 Patients are skipped.
        assertThat(summary).usingRecursiveComparison().ignoringFields("elapsed")
                .isEqualTo(new ImportSummary(11, 7, 0, 4, 10, 0, null, null));
        assertThat(summary.exitCode(false)).isZero();
        assertThat(values(Topics.EPISODES, RICHARD, 2)).extracting(EpisodeEvent::getAction, EpisodeEvent::getOccurredAt,
                        EpisodeEvent::getLevelOfCare, EpisodeEvent::getDischargeReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EpisodeAction.ADMITTED, Instant.parse("2026-01-06T14:30:00Z"),
                                LevelOfCare.OUTPATIENT, null),
                        org.assertj.core.groups.Tuple.tuple(EpisodeAction.DISCHARGED, Instant.parse("2026-02-17T16:00:00Z"),
                                LevelOfCare.OUTPATIENT, DischargeReason.DROPPED_OUT));
        assertThat(values(Topics.EPISODES, MARIA, 1)).extracting(EpisodeEvent::getAction).containsExactly(EpisodeAction.ADMITTED);
        assertThat(values(Topics.ATTENDANCE, RICHARD, 2)).extracting(AttendanceEvent::getSessionId, AttendanceEvent::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("enc-e-1", AttendanceStatus.ATTENDED),
                        org.assertj.core.groups.Tuple.tuple("enc-e-2", AttendanceStatus.ATTENDED));
        assertThat(values(Topics.SESSIONS, "enc-e-3", 1).get(0).getCounselorId()).isEqualTo("co-east-2");
        assertThat(values(Topics.SURVEYS, RICHARD, 1).get(0).getItems()).containsExactly(1, 2, 0, 3, 2, 1, 0);
        assertThat(values(Topics.SURVEYS, MARIA, 1).get(0).getItems()).containsExactly(3, 2, 2, 1, 1, 1, 0, 0, 1);
        assertNothingIdentifyingIn("E-2001", "E-2002", "EID-pat-2001-nd", "Okafor",
                PSEUDONYMS.clientId("clinic-east", "pat-2001-nd"), PSEUDONYMS.clientId("clinic-east", "pat-2002-nd"));
    }

    /** Issue 11 item 3: the ndjson path took the resource id as client_ref and split one client in two. */
    @Test
    void onePersonThroughBundleNdjsonCsvAndJsonHasOnePseudonym() throws Exception {
        String mrn = "E-2077";
        String craving = """
                {"resourceType":"QuestionnaireResponse","id":"crv-%s","status":"completed","questionnaire":"Questionnaire/CRAVING",
                 "subject":{"reference":"%s"},"authored":"2026-02-1%dT10:00:00Z","item":[{"linkId":"1","answer":[{"valueInteger":%d}]}]}""";
        String patient = """
                {"resourceType":"Patient","id":"pat-2077-nd","identifier":[{"type":{"coding":[{"system":
                "http://terminology.hl7.org/CodeSystem/v2-0203","code":"MR"}]},"system":"https://ehr.east.example/fhir/sid/mrn",
                "value":"%s"}]}""".formatted(mrn);
        String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"fullUrl\":\"urn:uuid:0d7c"
                + "1e2a-77aa-4b0c-9d1e-2f3a4b5c6d7e\",\"resource\":" + patient + "},{\"resource\":"
                + craving.formatted("b", "urn:uuid:0d7c1e2a-77aa-4b0c-9d1e-2f3a4b5c6d7e", 1, 1) + "}]}";
        Path ndjsonPatients = dir.resolve("four-Patient.ndjson");
        Files.writeString(ndjsonPatients, patient.replace("\n", "") + "\n");
        Path ndjsonResponses = dir.resolve("four-QuestionnaireResponse.ndjson");
        Files.writeString(ndjsonResponses, craving.formatted("n", "Patient/pat-2077-nd", 2, 2).replace("\n", "") + "\n");
        Path csv = dir.resolve("four.csv");
        Files.writeString(csv, "type,event_id,clinic_id,program_id,occurred_at,client_ref,instrument,items\n"
                + "survey," + UUID.randomUUID() + ",clinic-east,east-op,2026-02-13T10:00:00Z," + mrn + ",CRAVING,3\n");
        String json = "{\"type\":\"survey\",\"event_id\":\"" + UUID.randomUUID() + "\",\"clinic_id\":\"clinic-east\","
                + "\"program_id\":\"east-op\",\"occurred_at\":\"2026-02-14T10:00:00Z\",\"client_ref\":\"" + mrn + "\","
                + "\"instrument\":\"CRAVING\",\"items\":[4]}";

        Javalin app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        TokenStore tokens = TokenStore.of(List.of(new TokenEntry("ehr-east", TokenStore.sha256Hex("tok-east"),
                "clinic:clinic-east")));
        new IngestRoutes(client, new HttpAuth(tokens, d -> { }, Clock.systemUTC()), config).addRoutes(app);
        app.start("127.0.0.1", 0);
        try {
            assertThat(post(app, "/v1/fhir?program_id=east-op", bundle).statusCode()).isEqualTo(202);
            assertThat(post(app, "/v1/events", json).statusCode()).isEqualTo(202);
        } finally {
            app.stop();
        }
        ImportSummary files = importer.run(List.of(ndjsonResponses, ndjsonPatients, csv), ImportOptions.defaults()
                .withReportFile(dir.resolve("four-report.tsv")).withDefaults("clinic-east", "east-op"));

        assertThat(files.rejected()).isZero();
        String person = PSEUDONYMS.clientId("clinic-east", mrn);
        List<SurveyEvent> cravings = values(Topics.SURVEYS, person, 4);
        assertThat(cravings).extracting(s -> s.getItems().get(0)).as("Bundle 1, ndjson 2, CSV 3, JSON 4")
                .containsExactly(1, 2, 3, 4);
        assertNothingIdentifyingIn(mrn, PSEUDONYMS.clientId("clinic-east", "pat-2077-nd"));
    }

    @Test
    void importExitCodesSayWhetherEverythingGotIn() throws Exception {
        String good = "{\"type\":\"survey\",\"event_id\":\"%s\",\"clinic_id\":\"clinic-east\",\"program_id\":\"east-op\","
                + "\"occurred_at\":\"2026-02-02T10:00:00Z\",\"client_ref\":\"E-3001\",\"instrument\":\"CRAVING\",\"items\":[%d]}";
        Path partial = dir.resolve("partial.jsonl");
        Files.writeString(partial, good.formatted(UUID.randomUUID(), 2) + "\n" + good.formatted(UUID.randomUUID(), 11) + "\n");
        Path allBad = dir.resolve("all-bad.jsonl");
        Files.writeString(allBad, good.formatted(UUID.randomUUID(), 12).replace("east-op", "north-op") + "\n");
        Path empty = dir.resolve("empty.ndjson");
        Files.writeString(empty, "");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3});
        ImportOptions options = ImportOptions.defaults().withReportFile(dir.resolve("exit-report.tsv"));

        ImportSummary some = importer.run(List.of(partial), options);
        ImportSummary none = importer.run(List.of(allBad), options);

        assertThat(some.exitCode(false)).isEqualTo(ImportSummary.EXIT_PARTIAL).isEqualTo(3);
        assertThat(some.exitCode(true)).isZero();
        assertThat(none.exitCode(true)).isEqualTo(ImportSummary.EXIT_NOTHING_IMPORTED).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("exit-report.tsv"))).contains("program_id\tprogram 'north-op' belongs "
                + "to clinic clinic-north, not to clinic-east", "items[0]\tmust be between 0 and 10, got 12 (item 1)");
        Path otherClinic = dir.resolve("other-clinic.jsonl");
        Files.writeString(otherClinic, good.formatted(UUID.randomUUID(), 1).replace("clinic-east", "clinic-north")
                .replace("east-op", "north-op") + "\n");
        ImportSummary foreign = importer.run(List.of(otherClinic), options.withDefaults("clinic-east", null));
        assertThat(foreign.exitCode(true)).isEqualTo(4);
        assertThat(Files.readString(dir.resolve("exit-report.tsv"))).contains("line 1\tclinic_id\tbelongs to clinic "
                + "clinic-north; this import is clinic clinic-east's (--clinic)");
        assertThat(importer.run(List.of(empty), options).exitCode(true)).isEqualTo(4);
        assertThat(importer.run(List.of(binary), options).exitCode(true)).isEqualTo(4);
    }

    private static java.net.http.HttpResponse<String> post(Javalin app, String path, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                        .header("Authorization", "Bearer tok-east").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The values of a topic under one key, by occurred_at, once {@code expected} of them are there. */
    private static <T extends SpecificRecord> List<T> values(Topic<T> topic, String key, int expected) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        List<ConsumerRecord<byte[], byte[]>> records = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(topic.name()), recs -> recs.stream().filter(r -> Arrays.equals(r.key(), keyBytes)).count() >= expected);
        Deserializer<T> values = SpecificAvroSerde.forTopic(topic, config).deserializer();
        List<T> found = new ArrayList<>(records.stream().filter(r -> Arrays.equals(r.key(), keyBytes))
                .map(r -> values.deserialize(topic.name(), r.value())).toList());
        found.sort(Comparator.comparing(v -> (Instant) v.get(v.getSchema().getField("occurred_at").pos())));
        assertThat(found).as("records of %s under %s", topic.name(), key).hasSize(expected);
        return found;
    }

    /** No record of any input topic holds these bytes, and none is keyed by them. */
    private static void assertNothingIdentifyingIn(String... needles) {
        List<ConsumerRecord<byte[], byte[]>> all = RawTopics.readAll(CLUSTER.bootstrapServers(),
                Topics.INPUTS.stream().map(Topic::name).toList());
        for (String needle : needles) {
            assertThat(all).as("records holding %s", needle).noneMatch(r -> RawTopics.contains(r, needle));
        }
    }
}
