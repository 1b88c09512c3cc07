package org.rapport.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.auth.HttpAuth;
import org.rapport.auth.TokenEntry;
import org.rapport.auth.TokenStore;
import org.rapport.client.RapportClient;
import org.rapport.config.RapportConfig;
import org.rapport.http.HttpServers;
import org.rapport.ingest.it.RawTopics;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/** The clinic view's file upload on a real broker: a report row by row, the good rows written in one transaction. */
class UploadRoutesTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String HEADER = "type,event_id,clinic_id,program_id,occurred_at,client_ref,instrument,items\n";

    private static RapportClient client;
    private static Javalin app;

    @BeforeAll
    static void start() {
        CLUSTER.provisionRapportTopics();
        RapportConfig config = CLUSTER.config().with(Map.of("pseudonym.secret", "upload-secret"));
        client = RapportClient.create(config, Clock.systemUTC(), Map.of(), 1);
        TokenStore tokens = TokenStore.of(List.of(
                new TokenEntry("ehr-a", TokenStore.sha256Hex("tok-a"), "clinic:clinic-a"),
                new TokenEntry("ehr-b", TokenStore.sha256Hex("tok-b"), "clinic:clinic-b"),
                new TokenEntry("dir", TokenStore.sha256Hex("tok-dir"), "director:p-op")));
        app = HttpServers.create(config);
        new UploadRoutes(client, HttpAuth.of(tokens), config).addRoutes(app);
        app.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        client.close();
    }

    private static String craving(String eventId, String clinic, String clientRef, int value) {
        return "survey," + eventId + "," + clinic + ",p-op,2026-03-03T09:00:00Z," + clientRef + ",CRAVING," + value + "\n";
    }

    @Test
    void theGoodRowsAreWrittenAndEachBadOneIsNamedWithoutItsContent() throws Exception {
        String good1 = UUID.randomUUID().toString();
        String good2 = UUID.randomUUID().toString();
        String outOfRange = UUID.randomUUID().toString();
        String otherClinic = UUID.randomUUID().toString();
        String file = HEADER + craving(good1, "clinic-a", "MRN-7001", 3) + craving(outOfRange, "clinic-a", "MRN-7002", 11)
                + craving(otherClinic, "clinic-b", "MRN-7003", 2) + craving(good2, "clinic-a", "MRN-7004", 0);

        HttpResponse<String> r = upload("clinic-a", "visits.csv", "", "tok-a", file);

        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("stored").asBoolean()).isTrue();
        assertThat(report.get("read").asInt()).isEqualTo(4);
        assertThat(report.get("accepted").asInt()).isEqualTo(2);
        assertThat(report.get("rejected").asInt()).isEqualTo(2);
        assertThat(report.get("events").asInt()).isEqualTo(2);
        assertThat(report.get("by_type")).isEqualTo(JSON.readTree("{\"survey\":2}"));
        assertThat(report.get("problems")).isEqualTo(JSON.readTree("""
                [{"position":"line 3","field":"items[0]","problem":"must be between 0 and 10, got 11 (item 1)"},
                 {"position":"line 4","field":"clinic_id","problem":"belongs to clinic clinic-b; this upload is clinic clinic-a's"}]"""));
        assertThat(r.body()).doesNotContain("MRN-");

        List<ConsumerRecord<byte[], byte[]>> written = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.SURVEYS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, good2)));
        assertThat(written).filteredOn(rec -> RawTopics.contains(rec, good1) || RawTopics.contains(rec, good2)).hasSize(2);
        assertThat(written).noneMatch(rec -> RawTopics.contains(rec, outOfRange) || RawTopics.contains(rec, otherClinic));
        assertThat(written).noneMatch(rec -> RawTopics.contains(rec, "MRN-700"));
    }

    @Test
    void aDryRunChecksAndWritesNothing() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> r = upload("clinic-a", "visits.csv", "&dry_run=true", "tok-a",
                HEADER + craving(id, "clinic-a", "MRN-7101", 4) + "tick,,,,2026-03-04T00:00:00Z,,,\n");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.get("dry_run").asBoolean()).isTrue();
        assertThat(report.get("stored").asBoolean()).isFalse();
        assertThat(report.get("accepted").asInt()).isEqualTo(1);
        assertThat(report.get("problems").get(0).get("field").asText()).isEqualTo("type");
        assertThat(report.get("problems").get(0).get("problem").asText()).contains("ticks");

        String marker = UUID.randomUUID().toString();
        assertThat(upload("clinic-a", "marker.csv", "", "tok-a", HEADER + craving(marker, "clinic-a", "MRN-7102", 1))
                .statusCode()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> written = RawTopics.readUntil(CLUSTER.bootstrapServers(),
                List.of(Topics.SURVEYS.name()), recs -> recs.stream().anyMatch(rec -> RawTopics.contains(rec, marker)));
        assertThat(written).noneMatch(rec -> RawTopics.contains(rec, id));
    }

    @Test
    void aFileWithNothingAcceptableIs422AndEveryRequestIsCheckedBeforeItsBodyIsRead() throws Exception {
        HttpResponse<String> nothing = upload("clinic-a", "bad.csv", "", "tok-a",
                HEADER + craving(UUID.randomUUID().toString(), "clinic-a", "MRN-7201", 12));
        assertThat(nothing.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(nothing.body()).get("stored").asBoolean()).isFalse();

        String row = HEADER + craving(UUID.randomUUID().toString(), "clinic-a", "MRN-7202", 1);
        assertThat(upload("clinic-a", "x.csv", "", null, row).statusCode()).isEqualTo(401);
        assertThat(upload("clinic-a", "x.csv", "", "tok-b", row).statusCode()).isEqualTo(403);
        assertThat(upload("clinic-a", "x.csv", "", "tok-dir", row).statusCode()).isEqualTo(403);
        assertThat(upload("clinic%7Cevil", "x.csv", "", "tok-a", row).statusCode()).isEqualTo(400);
        HttpResponse<String> xml = upload("clinic-a", "export.xml", "", "tok-a", row);
        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(xml.body()).contains("FHIR XML");
        assertThat(upload("clinic-a", "empty.csv", "", "tok-a", "").statusCode()).isEqualTo(400);
    }

    private static HttpResponse<String> upload(String clinic, String fileName, String extra, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/v1/clinics/"
                + clinic + "/uploads?filename=" + fileName + extra)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
