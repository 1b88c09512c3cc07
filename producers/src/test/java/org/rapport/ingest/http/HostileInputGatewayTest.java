package org.rapport.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.auth.DeniedRequest;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.client.Outgoing;
import org.rapport.client.RapportClient;
import org.rapport.client.RejectedBatchException;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.ingest.it.RawTopics;
import org.rapport.ingest.json.JsonEvents;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.serde.WireFormat;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/**
 * Issue 9 replayed against the gateway as it runs (the server {@link HttpServers} builds, a real broker and
 * registry): a rogue clinic's hostile input, each attack as the issue describes it, and what now happens instead.
 */
class HostileInputGatewayTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<DeniedRequest> DENIED = new CopyOnWriteArrayList<>();
    private static final String SECRET = "hostile-test-secret";

    private static RapportClient client;
    private static Javalin app;

    @BeforeAll
    static void start() {
        CLUSTER.provisionRapportTopics();
        RapportConfig config = CLUSTER.config().with(Map.of("pseudonym.secret", SECRET));
        client = RapportClient.create(config, Clock.systemUTC(), Map.of(), Gateway.PARALLEL_TRANSACTIONS);
        TokenStore tokens = TokenStore.of(List.of(
                new TokenEntry("ehr-north", TokenStore.sha256Hex("tok-north"), "clinic:clinic-north"),
                new TokenEntry("ehr-south", TokenStore.sha256Hex("tok-south"), "clinic:clinic-south")));
        app = HttpServers.create(config);
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

    // --- Item 1: one failed serialisation poisoned later events of any clinic ----------------------------------

    @Test
    void northsUnwritableEventsAre422AndSouthsRecordsHoldExactlyTheirOwnBytes() throws Exception {
        List<String> northIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = UUID.randomUUID().toString();
            northIds.add(id);
            HttpResponse<String> r = post("tok-north", attendance(id, "clinic-north", "north-op", "NORTH-MRN-" + i,
                    i % 2 == 0 ? "-999999999-01-01T00:00:00Z" : "1969-12-31T23:59:59Z"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
            assertThat(JSON.readTree(r.body()).get("errors").toString()).isEqualTo("[{\"index\":0,\"field\":"
                    + "\"occurred_at\",\"problem\":\"must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)\"}]");
        }
        List<String> southIds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = UUID.randomUUID().toString();
            southIds.add(id);
            assertThat(post("tok-south", attendance(id, "clinic-south", "south-op", "S-" + i,
                    "2026-03-02T09:00:00Z")).statusCode()).isEqualTo(202);
        }

        List<ConsumerRecord<byte[], byte[]>> south = written(southIds);
        assertThat(south).hasSize(30);
        String northPseudonym = new Pseudonymizer(SECRET).clientId("clinic-north", "NORTH-MRN-0");
        for (ConsumerRecord<byte[], byte[]> record : south) {
            int n = southIds.indexOf(southIdIn(record));
            assertThat(record.value()).as("south event " + n).containsExactly(expectedBytes(southIds.get(n), n));
            assertThat(new String(record.value(), StandardCharsets.ISO_8859_1)).doesNotContain("north")
                    .doesNotContain(northPseudonym).doesNotContain(northIds.get(0));
        }
    }

    @Test
    void aRecordThatFailsToEncodeInTheProducerLeavesNoByteBehindForTheNextBatch() throws Exception {
        // Past validation (as a bug or a future field might be): the producer path itself must stay clean.
        AttendanceEvent unwritable = value(UUID.randomUUID().toString(), "clinic-north", "north-op",
                new Pseudonymizer(SECRET).clientId("clinic-north", "N-1"), Instant.parse("-999999999-01-01T00:00:00Z"));
        assertThatThrownBy(() -> client.send(List.of(new Outgoing.Event(Topics.ATTENDANCE, unwritable.getClientId(),
                unwritable, "clinic-north", Instant.EPOCH)))).isInstanceOf(RejectedBatchException.class);

        // The serializer keeps its encoder per thread: the next batch goes out on this same thread.
        String id = UUID.randomUUID().toString();
        assertThat(client.submit(JsonEvents.fromBody(JSON.readTree(attendance(id, "clinic-south", "south-op", "S-0",
                "2026-03-02T09:00:00Z"))))).isEqualTo(1);
        assertThat(written(List.of(id)).get(0).value()).containsExactly(expectedBytes(id, 0));
    }

    // --- Item 7: ids accepted anything ----------------------------------------------------------------------------

    @Test
    void everyClassOfHostileIdIsAFieldLevel422() throws Exception {
        Map<String, String> hostile = Map.of(
                "north-op|evil", "U+007C '|' at position 9", "north\\u0000op", "U+0000 at position 6",
                "north\\u001bop", "U+001B at position 6", "north-op\\u202e", "U+202E at position 9",
                "n\\u200borth-op", "U+200B at position 2", "north\\ud800op", "U+D800 at position 6");
        for (Map.Entry<String, String> id : hostile.entrySet()) {
            HttpResponse<String> r = post("tok-north", attendance(UUID.randomUUID().toString(), "clinic-north",
                    id.getKey(), "MRN-1", "2026-03-02T09:00:00Z"));
            assertThat(r.statusCode()).as(id.getKey()).isEqualTo(422);
            JsonNode error = JSON.readTree(r.body()).get("errors").get(0);
            assertThat(error.get("field").asText()).isEqualTo("program_id");
            assertThat(error.get("problem").asText()).isEqualTo("must be 1-64 characters of A-Z a-z 0-9 . _ : -; "
                    + id.getValue() + " is not allowed");
        }
        HttpResponse<String> ref = post("tok-north", attendance(UUID.randomUUID().toString(), "clinic-north",
                "north-op", "MRN\\u202e1", "2026-03-02T09:00:00Z"));
        assertThat(ref.statusCode()).isEqualTo(422);
        assertThat(ref.body()).contains("{\"index\":0,\"field\":\"client_ref\",\"problem\":\"must hold printable "
                + "characters only; U+202E at position 4 is not allowed\"}");
    }

    @Test
    void thePseudonymLookupChecksItsIdsAfterTheToken() throws Exception {
        assertThat(get("/v1/clinics/clinic-north%7Cx/pseudonym?client_ref=MRN-1", null).statusCode()).isEqualTo(401);
        HttpResponse<String> clinic = get("/v1/clinics/clinic-north%7Cx/pseudonym?client_ref=MRN-1", "tok-north");
        assertThat(clinic.statusCode()).isEqualTo(400);
        assertThat(clinic.body()).isEqualTo("{\"error\":\"the clinic id in the path must be 1-64 characters of "
                + "A-Z a-z 0-9 . _ -; U+007C '|' at position 13 is not allowed\"}");
        HttpResponse<String> ref = get("/v1/clinics/clinic-north/pseudonym?client_ref=MRN%00-1", "tok-north");
        assertThat(ref.statusCode()).isEqualTo(400);
        assertThat(ref.body()).isEqualTo("{\"error\":\"client_ref must hold printable characters only; "
                + "U+0000 at position 4 is not allowed\"}");
    }

    // --- Item 8: the audit log could be forged and held a body's clinic_id -----------------------------------

    @Test
    void aForbiddenEventsClinicIdFromTheBodyNeverReachesTheAuditLog() throws Exception {
        String forged = "clinic-south\\nWARN rapport.audit - denied status=403 who=demo-admin";
        HttpResponse<String> r = post("tok-north", attendance(UUID.randomUUID().toString(), forged, "south-op",
                "MRN-1", "2026-03-02T09:00:00Z"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(DENIED).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo("event 0 belongs to another clinic; this token writes for clinic "
                    + "clinic-north only");
            assertThat(d.toLogLine()).doesNotContain("clinic-south").doesNotContain("demo-admin").doesNotContain("\n");
        });
    }

    @Test
    void aNewlineInThePathCannotWriteAFakeAuditLine() throws Exception {
        String forging = "/v1/clinics/clinic-south%0AWARN%20rapport.audit%20-%20denied%20who=demo-admin/pseudonym"
                + "?client_ref=MRN-1";
        HttpResponse<String> known = get(forging, "tok-north");
        assertThat(known.statusCode()).as("the id is checked before the permission").isEqualTo(400);
        assertThat(DENIED).isEmpty();

        assertThat(get(forging, null).statusCode()).isEqualTo(401);
        assertThat(DENIED).singleElement().satisfies(d -> assertThat(d.toLogLine()).doesNotContain("\n")
                .contains("path=/v1/clinics/clinic-south%0AWARN%20rapport.audit%20-%20denied%20who=demo-admin/pseudonym"));
    }

    // --- Item 9: [..][..] and duplicate keys -----------------------------------------------------------------

    @Test
    void twoArraysOrADuplicateKeyAre400AndNothingIsWritten() throws Exception {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        HttpResponse<String> twoArrays = post("tok-south", "[" + attendance(first, "clinic-south", "south-op", "S-1",
                "2026-03-02T09:00:00Z") + "][" + attendance(second, "clinic-south", "south-op", "S-2",
                "2026-03-02T09:00:00Z") + "]");
        assertThat(twoArrays.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(twoArrays.body()).get("error").asText())
                .startsWith("unreadable JSON: more than one JSON value (only one object or one array is allowed)");

        HttpResponse<String> twice = post("tok-south", attendance(UUID.randomUUID().toString(), "clinic-south",
                "south-op", "S-1", "2026-03-02T09:00:00Z").replace("{\"type\"", "{\"clinic_id\":\"clinic-north\",\"type\""));
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(twice.body()).startsWith("{\"error\":\"unreadable JSON: a key appears twice in one object at line 1");

        String marker = UUID.randomUUID().toString();
        assertThat(post("tok-south", attendance(marker, "clinic-south", "south-op", "S-3", "2026-03-02T09:00:00Z"))
                .statusCode()).isEqualTo(202);
        assertThat(RawTopics.readUntil(CLUSTER.bootstrapServers(), List.of(Topics.ATTENDANCE.name()),
                recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, marker))))
                .noneMatch(rec -> RawTopics.contains(rec, first) || RawTopics.contains(rec, second));
    }

    // --- Items 6 and 10 at the gateway ------------------------------------------------------------------------

    @Test
    void aTricklingBodyIsCutWith408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok-north\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(500); // 4096 bytes per second were due: 2048 by now
            out.write('{');
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close").endsWith(
                    "{\"error\":\"the request body arrived slower than 4096 bytes per second (http.min.request.data.rate)\"}");
        }
    }

    @Test
    void answersCarryTheSecurityHeadersAndAreNeverCached() throws Exception {
        HttpResponse<String> accepted = post("tok-south", attendance(UUID.randomUUID().toString(), "clinic-south",
                "south-op", "S-9", "2026-03-02T09:00:00Z"));
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(accepted.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(accepted.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("frame-ancestors 'none'"));
    }

    // --- Helpers ------------------------------------------------------------------------------------------------

    private static String attendance(String eventId, String clinic, String program, String clientRef, String at) {
        return """
                {"type":"attendance","event_id":"%s","clinic_id":"%s","program_id":"%s","occurred_at":"%s",
                 "session_id":"grp-1","client_ref":"%s","status":"ATTENDED"}""".formatted(eventId, clinic, program, at,
                clientRef);
    }

    private static AttendanceEvent value(String eventId, String clinic, String program, String clientId, Instant at) {
        return AttendanceEvent.newBuilder().setEventId(eventId).setClinicId(clinic).setProgramId(program)
                .setSessionId("grp-1").setClientId(clientId).setStatus(AttendanceStatus.ATTENDED).setOccurredAt(at)
                .setRecordedAt(null).build();
    }

    /** South's n-th event as a fresh encoder (no state shared with the producer) writes it, framed by hand. */
    private static byte[] expectedBytes(String eventId, int n) throws Exception {
        AttendanceEvent expected = value(eventId, "clinic-south", "south-op",
                new Pseudonymizer(SECRET).clientId("clinic-south", "S-" + n), Instant.parse("2026-03-02T09:00:00Z"));
        ByteArrayOutputStream avro = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(avro, null);
        new SpecificDatumWriter<AttendanceEvent>(AttendanceEvent.getClassSchema()).write(expected, encoder);
        encoder.flush();
        int schemaId = new HttpSchemaRegistryClient(CLUSTER.schemaRegistryUrl())
                .idOf(Topics.ATTENDANCE.name() + "-value", AttendanceEvent.getClassSchema());
        return WireFormat.frame(schemaId, avro.toByteArray());
    }

    private static String southIdIn(ConsumerRecord<byte[], byte[]> record) {
        String text = new String(record.value(), StandardCharsets.ISO_8859_1);
        return text.substring(6, 6 + 36); // header (5 bytes), string length (1 byte), then the UUID
    }

    private static List<ConsumerRecord<byte[], byte[]>> written(List<String> eventIds) {
        return RawTopics.readUntil(CLUSTER.bootstrapServers(), List.of(Topics.ATTENDANCE.name()),
                        recs -> eventIds.stream().allMatch(id -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, id))))
                .stream().filter(rec -> eventIds.stream().anyMatch(id -> RawTopics.contains(rec, id))).toList();
    }

    private static HttpResponse<String> post(String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/events"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
