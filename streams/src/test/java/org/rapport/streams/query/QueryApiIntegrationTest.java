package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.attendance;
import static org.rapport.streams.testing.Events.attended;
import static org.rapport.streams.testing.Events.client;
import static org.rapport.streams.testing.Events.noShow;
import static org.rapport.streams.testing.Events.rating;
import static org.rapport.streams.testing.Events.session;
import static org.rapport.streams.testing.Events.uniform;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Instrument;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.SurveyEvent;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.testing.Events;
import org.rapport.testkit.KafkaClusterExtension;

/**
 * The query API on two Streams instances of one application, keys spread over both, on a real broker: every
 * endpoint and role, the same answers from either instance, suppression in research answers, CSV, live alerts.
 *
 * <p>The scenario (worked by hand below): in prog-1, twelve clients are admitted on Monday 2026-01-05; eleven
 * attend session s1 of counselor co-1 on the 6th, c12 misses s1 and s2 (the 8th) and so is AT_RISK at s2; the
 * eleven rate co-1 with CARE all 5 (score 50, HIGH band), c12 with all 1 (score 10, LOW band); c01 answers PHQ-9
 * item 9 with 1 (SAFETY). In prog-2 three clients are admitted and one attends. Session s1 is a peer-support group
 * (c01-c11: 1 attended peer-support session, SOME; c12: none, NONE; d1 in prog-2 attended t1, a session never
 * described, NONE). On the 9th c01-c11 answer SCS-SF all 3 (score 3.0, MID), c12 scores 29 / 12 (LOW).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiIntegrationTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PROG_1 = {"c01", "c02", "c03", "c04", "c05", "c06", "c07", "c08", "c09", "c10",
        "c11", "c12"};
    private QueryInstances instances;

    @BeforeAll
    void startTwoInstancesAndFeedTheScenario() {
        instances = new QueryInstances(CLUSTER, 2);
        List<org.apache.avro.specific.SpecificRecord> events = new ArrayList<>();
        for (String c : PROG_1) {
            events.add(admitted(c, "2026-01-05T09:00:00Z"));
        }
        events.add(SessionEvent.newBuilder(session("s1", "co-1", "2026-01-06T10:00:00Z"))
                .setSessionType(SessionType.PEER_SUPPORT).build());
        events.add(session("s2", "co-1", "2026-01-08T10:00:00Z"));
        for (int i = 0; i < 11; i++) {
            events.add(attended(PROG_1[i], "s1", "2026-01-06T10:00:00Z"));
            events.add(rating(PROG_1[i], Instrument.CARE, "2026-01-07T12:00:00Z", "co-1", 5));
        }
        events.add(noShow("c12", "s1", "2026-01-06T10:00:00Z"));
        events.add(rating("c12", Instrument.CARE, "2026-01-07T12:00:00Z", "co-1", 1));
        events.add(Events.survey("c01", Instrument.PHQ9, "2026-01-07T15:00:00Z", 0, 0, 0, 0, 0, 0, 0, 0, 1));
        for (String d : List.of("d1", "d2", "d3")) {
            events.add(admitted(d, "2026-01-05T09:00:00Z", "prog-2"));
        }
        events.add(attendance("d1", "t1", "2026-01-06T11:00:00Z", AttendanceStatus.ATTENDED, "prog-2"));
        events.add(noShow("c12", "s2", "2026-01-08T10:00:00Z"));
        for (int i = 0; i < 11; i++) {
            events.add(uniform(PROG_1[i], Instrument.SCS_SF, "2026-01-09T12:00:00Z", 12, 3));
        }
        // reversed items (1, 4, 8, 9, 11, 12) 2, 2, 2, 2, 2, 3 -> 4 × 5 + 3 = 23, the others 1 each: (23 + 6) / 12
        events.add(Events.survey("c12", Instrument.SCS_SF, "2026-01-09T12:00:00Z", 2, 1, 1, 2, 1, 1, 1, 2, 2, 1, 2, 3));
        // co-1 completed an empathy course on 2025-12-31 (a day the clinic-feed test's date range leaves out)
        events.add(Events.training("co-1", "emp-q", org.rapport.avro.Curriculum.EMPATHY, "2025-12-31T12:00:00Z"));
        instances.send(events.toArray(org.apache.avro.specific.SpecificRecord[]::new));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<Map<String, Object>> weekly = rows(0, "/v1/programs/prog-1/weekly", QueryInstances.ADMIN);
            List<Map<String, Object>> counselors = rows(1, "/v1/counselors", QueryInstances.ADMIN);
            List<Map<String, Object>> alerts = rows(1, "/v1/programs/prog-1/alerts", QueryInstances.ADMIN);
            return weekly.size() == 1 && Integer.valueOf(2).equals(weekly.get(0).get("missed"))
                    && Double.valueOf(1.0).equals(weekly.get(0).get("phq9_mean"))
                    && counselors.size() == 1 && Integer.valueOf(2).equals(counselors.get(0).get("missed"))
                    && Integer.valueOf(12).equals(counselors.get(0).get("ratings")) && alerts.size() == 2
                    && rows(0, "/v1/programs/prog-1/alliance-outcomes", QueryInstances.ADMIN).size() == 6
                    && rows(1, "/v1/programs/prog-1/training-effects", QueryInstances.ADMIN).stream()
                            .anyMatch(t -> Integer.valueOf(13).equals(t.get("attendance_after_n")));
        });
    }

    @AfterAll
    void stop() {
        instances.close();
    }

    @Test
    void clientKeysAreSpreadOverBothInstances() {
        KafkaStreams streams = instances.server(0).streams().kafkaStreams();
        Set<Integer> hostPorts = new HashSet<>();
        for (String c : PROG_1) {
            hostPorts.add(streams.queryMetadataForKey(ClientStores.STATUS, client(c), Serdes.String().serializer())
                    .activeHost().port());
        }
        assertThat(hostPorts).containsExactlyInAnyOrder(instances.server(0).port(), instances.server(1).port());
    }

    @Test
    void everyEndpointGivesTheSameAnswerOnEitherInstance() {
        for (String path : List.of("/v1/programs", "/v1/programs/prog-1/weekly", "/v1/programs/prog-1/cohorts",
                "/v1/programs/prog-1/alerts", "/v1/programs/prog-1/clients", "/v1/counselors",
                "/v1/research/weekly", "/v1/research/cohorts", "/v1/research/alliance-outcomes",
                "/v1/research/alliance-outcomes?instrument=CARE&program=prog-1", "/v1/programs/prog-1/training-effects",
                "/v1/research/training-effects")) {
            HttpResponse<String> first = instances.get(0, path, QueryInstances.ADMIN);
            HttpResponse<String> second = instances.get(1, path, QueryInstances.ADMIN);
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            assertThat(second.body()).as(path).isEqualTo(first.body());
            assertThat(first.body()).as(path).isNotEqualTo("[]");
        }
    }

    @Test
    void programsListsClientCountsPerProgramAndDirectorsSeeOnlyTheirs() {
        assertThat(rows(1, "/v1/programs", QueryInstances.ADMIN)).containsExactly(
                Map.of("program_id", "prog-1", "clients", 12, "open_episodes", 12, "at_risk", 1, "dropped_out", 0),
                Map.of("program_id", "prog-2", "clients", 3, "open_episodes", 3, "at_risk", 0, "dropped_out", 0));
        assertThat(rows(0, "/v1/programs", QueryInstances.DIRECTOR_2)).extracting(r -> r.get("program_id"))
                .containsExactly("prog-2");
    }

    /** Issue 9: the dashboard names programs from the program registry (programs.file). */
    @Test
    void programsCarryTheRegistrysDisplayName() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile(java.nio.file.Path.of("target"), "programs-", ".yaml");
        java.nio.file.Files.writeString(file, "- {id: prog-1, clinic: clinic-a, name: Program One, level_of_care: OTP}\n");
        org.rapport.config.RapportConfig config = instances.config(0).with("programs.file", file.toString());
        io.javalin.Javalin app = io.javalin.Javalin.create(c -> c.showJavalinBanner = false);
        try (QueryServer server = QueryServer.of(config, QueryInstances.TOKENS, instances.server(0).streams())) {
            server.addRoutes(app);
            app.start("127.0.0.1", 0);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + app.port() + "/v1/programs"))
                    .header("Authorization", "Bearer " + QueryInstances.ADMIN).build(), HttpResponse.BodyHandlers.ofString());

            List<Map<String, Object>> rows = JSON.readValue(response.body(), new TypeReference<>() { });
            assertThat(rows).extracting(r -> r.get("program_id"), r -> r.get("name")).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("prog-1", "Program One"),
                    org.assertj.core.groups.Tuple.tuple("prog-2", null));
        } finally {
            app.stop();
        }
    }

    @Test
    void weeklyRowOfProgramOne() {
        Map<String, Object> week = single(rows(1, "/v1/programs/prog-1/weekly?from=2026-01-07&to=2026-01-31",
                QueryInstances.DIRECTOR_1));
        assertThat(week).containsEntry("program_id", "prog-1").containsEntry("week", "2026-01-05")
                .containsEntry("sessions_held", 1).containsEntry("attended", 11).containsEntry("missed", 2)
                .containsEntry("active_clients", 11).containsEntry("admissions", 12).containsEntry("discharges", Map.of())
                .containsEntry("dropouts", 0).containsEntry("returns_to_use", 0).containsEntry("wai_mean", null)
                .containsEntry("phq9_mean", 1.0);
        assertThat((Double) week.get("attendance_rate")).isCloseTo(11.0 / 13, within(1e-9));
        assertThat((Double) week.get("care_mean")).isCloseTo((11 * 50 + 10) / 12.0, within(1e-9));
        assertThat(rows(0, "/v1/programs/prog-1/weekly?from=2026-01-12", QueryInstances.DIRECTOR_1)).isEmpty();
    }

    @Test
    void cohortOfJanuary() {
        Map<String, Object> cohort = single(rows(0, "/v1/programs/prog-1/cohorts", QueryInstances.DIRECTOR_1));
        assertThat(cohort).containsEntry("month", "2026-01").containsEntry("admitted", 12).containsEntry("initiated", 11)
                .containsEntry("engaged", 0).containsEntry("eligible_30", 0).containsEntry("retained_30", 0)
                .containsEntry("completed", 0).containsEntry("dropped_out", 0).containsEntry("median_los_days", null);
    }

    @Test
    void alertsNewestFirstAndFilteredByKindAndSince() {
        List<Map<String, Object>> alerts = rows(0, "/v1/programs/prog-1/alerts", QueryInstances.DIRECTOR_1);
        assertThat(alerts).extracting(a -> a.get("kind"), a -> a.get("client_id"), a -> a.get("at")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("AT_RISK", client("c12"), "2026-01-08T10:00:00Z"),
                org.assertj.core.groups.Tuple.tuple("SAFETY", client("c01"), "2026-01-07T15:00:00Z"));
        assertThat(rows(1, "/v1/programs/prog-1/alerts?kind=SAFETY", QueryInstances.DIRECTOR_1))
                .extracting(a -> a.get("client_id")).containsExactly(client("c01"));
        assertThat(rows(1, "/v1/programs/prog-1/alerts?since=2026-01-08", QueryInstances.DIRECTOR_1))
                .extracting(a -> a.get("kind")).containsExactly("AT_RISK");
        assertThat(rows(1, "/v1/programs/prog-2/alerts", QueryInstances.DIRECTOR_2)).isEmpty();
    }

    @Test
    void clientsByRisk() {
        assertThat(rows(1, "/v1/programs/prog-1/clients", QueryInstances.DIRECTOR_1)).hasSize(12);
        Map<String, Object> atRisk = single(rows(0, "/v1/programs/prog-1/clients?risk=AT_RISK", QueryInstances.ADMIN));
        assertThat(atRisk).containsEntry("client_id", client("c12")).containsEntry("attended_28d", 0)
                .containsEntry("missed_28d", 2).containsEntry("consecutive_missed", 2).containsEntry("risk", "AT_RISK")
                .containsEntry("care_latest", 10.0).containsEntry("episode_start", "2026-01-05T09:00:00Z");
    }

    @Test
    void counselorTableOfTheDirectorsPrograms() {
        Map<String, Object> co1 = single(rows(0, "/v1/counselors", QueryInstances.DIRECTOR_1));
        assertThat(co1).containsEntry("counselor_id", "co-1").containsEntry("program_ids", List.of("prog-1"))
                .containsEntry("ratings", 12).containsEntry("wai_mean", null).containsEntry("clients", 12)
                .containsEntry("attended", 11).containsEntry("missed", 2).containsEntry("dropouts", 0);
        assertThat((Double) co1.get("care_mean")).isCloseTo(560 / 12.0, within(1e-9));
        assertThat(rows(1, "/v1/counselors?program=prog-2", QueryInstances.DIRECTOR_2)).isEmpty();
    }

    @Test
    void researchAllianceIsSuppressedBelowElevenEpisodes() {
        List<Map<String, Object>> bands = rows(1, "/v1/research/alliance-outcomes?instrument=CARE&program=prog-1",
                QueryInstances.RESEARCHER);
        assertThat(bands).hasSize(2);
        assertThat(bands.get(0)).containsEntry("band", "LOW").containsEntry("episodes", null)
                .containsEntry("dropouts", 0).containsEntry("dropout_rate", null).containsEntry("return_to_use_rate", null)
                .containsEntry("mean_attendance_rate", null).containsEntry("suppressed", true)
                .containsEntry("suppressed_fields", List.of("episodes", "dropout_rate", "return_to_use_rate",
                        "mean_attendance_rate"));
        assertThat(bands.get(1)).containsEntry("band", "HIGH").containsEntry("episodes", 11)
                .containsEntry("dropouts", 0).containsEntry("dropout_rate", 0.0).containsEntry("returns_to_use", 0)
                .containsEntry("return_to_use_rate", 0.0).containsEntry("mean_attendance_rate", 1.0)
                .containsEntry("suppressed", false);
        List<Map<String, Object>> all = rows(0, "/v1/research/alliance-outcomes?instrument=CARE", QueryInstances.RESEARCHER);
        assertThat(all).extracting(r -> r.get("program_id"), r -> r.get("band"), r -> r.get("episodes"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ALL", "LOW", null),
                        org.assertj.core.groups.Tuple.tuple("ALL", "HIGH", 11));
        assertThat(rows(0, "/v1/research/alliance-outcomes?instrument=WAI_SR", QueryInstances.RESEARCHER)).isEmpty();
    }

    /**
     * co-1 completed emp-q on 2025-12-31: before = [2025-10-02, 12-31) holds nothing, after = [12-31, 2026-03-31) holds
     * the scenario — 11 CARE ratings of 50 and c12's 10 (mean 560/12), sessions s1 (11 attended, c12 missed) and s2
     * (c12 missed): 11 / 13, in the 12 episodes of prog-1. No other counselor led a session in prog-1: no comparison.
     * The row lives on the stage's one partition, so one instance holds it and either answers.
     */
    @Test
    void trainingEffectsWholeForTheProgramsDirectorAndWithoutMetricsForResearchUnderThreeCounselors() {
        for (int instance : List.of(0, 1)) {
            Map<String, Object> row = single(rows(instance, "/v1/programs/prog-1/training-effects",
                    QueryInstances.DIRECTOR_1));
            assertThat(row).containsEntry("training_id", "emp-q").containsEntry("curriculum", "EMPATHY")
                    .containsEntry("program_ids", List.of("prog-1")).containsEntry("counselors", 1)
                    .containsEntry("comparison_counselors", 0).containsEntry("first_completed", "2025-12-31")
                    .containsEntry("care_before_n", 0).containsEntry("care_before", null)
                    .containsEntry("care_after_n", 12).containsEntry("attendance_after_n", 13)
                    .containsEntry("dropout_after_n", 12).containsEntry("care_change", null)
                    .containsEntry("care_comparison_change", null).containsEntry("complete", false);
            assertThat((Double) row.get("care_after")).isCloseTo(560 / 12.0, within(1e-9));
            assertThat((Double) row.get("attendance_after")).isCloseTo(11 / 13.0, within(1e-9));
            assertThat((String) row.get("caveat")).contains("parallel trends");
        }
        assertThat(rows(0, "/v1/programs/prog-2/training-effects", QueryInstances.DIRECTOR_2)).isEmpty();
        assertThat(instances.get(0, "/v1/programs/prog-1/training-effects", QueryInstances.DIRECTOR_2).statusCode())
                .isEqualTo(403);
        assertThat(instances.get(0, "/v1/programs/prog-1/training-effects", QueryInstances.RESEARCHER).statusCode())
                .isEqualTo(403);

        // Research: one trained counselor is a staff appraisal, not research — no metric; the date is its week.
        Map<String, Object> research = single(rows(1, "/v1/research/training-effects?curriculum=EMPATHY",
                QueryInstances.RESEARCHER));
        assertThat(research).containsEntry("training_id", "emp-q").containsEntry("counselors", 1)
                .containsEntry("first_completed", "2025-12-29").containsEntry("care_after_n", null)
                .containsEntry("care_after", null).containsEntry("attendance_after", null)
                .containsEntry("suppressed", true);
        assertThat((String) research.get("caveat")).contains("Observational");
        assertThat(rows(0, "/v1/research/training-effects?curriculum=OTHER", QueryInstances.RESEARCHER)).isEmpty();
        assertThat(rows(0, "/v1/research/training-effects", QueryInstances.DIRECTOR_1)).hasSize(1);
        assertThat(rows(0, "/v1/research/training-effects", QueryInstances.DIRECTOR_2)).isEmpty();
        assertThat(instances.get(0, "/v1/research/training-effects?program=prog-1", QueryInstances.DIRECTOR_2)
                .statusCode()).isEqualTo(403);
        assertThat(instances.get(0, "/v1/research/training-effects?curriculum=JUGGLING", QueryInstances.RESEARCHER)
                .statusCode()).isEqualTo(400);
        HttpResponse<String> csv = instances.get(0, "/v1/research/training-effects", QueryInstances.RESEARCHER,
                "text/csv");
        assertThat(csv.body()).startsWith("training_id,curriculum,program_ids,counselors,comparison_counselors,")
                .contains(",caveat,suppressed,suppressed_fields\n").contains("emp-q,EMPATHY,prog-1,1,0,2025-12-29,");
        assertThat(instances.get(1, "/v1/research/training-effects", QueryInstances.RESEARCHER).body())
                .doesNotContain("co-1");
    }

    @Test
    void researchWeeklyHidesSmallCountsAndMeansAndHoldsNoIds() {
        Map<String, Object> week = single(rows(0, "/v1/research/weekly?program=prog-1", QueryInstances.RESEARCHER));
        assertThat(week).containsEntry("week", "2026-01-05").containsEntry("sessions_held", null)
                .containsEntry("attended", 11).containsEntry("missed", null).containsEntry("attendance_rate", null)
                .containsEntry("active_clients", 11).containsEntry("admissions", 12).containsEntry("phq9_mean", null)
                .containsEntry("suppressed_fields", List.of("sessions_held", "missed", "attendance_rate", "phq9_mean"));
        assertThat((Double) week.get("care_mean")).isCloseTo(560 / 12.0, within(1e-9));
        String everything = instances.get(1, "/v1/research/weekly", QueryInstances.RESEARCHER).body()
                + instances.get(1, "/v1/research/cohorts", QueryInstances.RESEARCHER).body()
                + instances.get(1, "/v1/research/alliance-outcomes", QueryInstances.RESEARCHER).body();
        assertThat(everything).doesNotContain(client("c01"), "client_id", "counselor", "co-1", "T10:00");
        Map<String, Object> cohort = single(rows(1, "/v1/research/cohorts?program=prog-2", QueryInstances.RESEARCHER));
        assertThat(cohort).containsEntry("admitted", null).containsEntry("initiated", null).containsEntry("engaged", 0);
    }

    @Test
    void researchersGetTheSuppressedCsvWithOneRequest() {
        HttpResponse<String> csv = instances.get(1, "/v1/research/alliance-outcomes?instrument=CARE&program=prog-1",
                QueryInstances.RESEARCHER, "text/csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        assertThat(csv.body()).isEqualTo("program_id,instrument,band,episodes,dropouts,dropout_rate,returns_to_use,"
                + "return_to_use_rate,mean_attendance_rate,suppressed,suppressed_fields\n"
                + "prog-1,CARE,LOW,,0,,0,,,true,episodes;dropout_rate;return_to_use_rate;mean_attendance_rate\n"
                + "prog-1,CARE,HIGH,11,0,0.0,0,0.0,1.0,false,\n");
    }

    @Test
    void rolesAreEnforcedOnEveryEndpoint() {
        List<String> directorPaths = List.of("/v1/programs", "/v1/programs/prog-1/weekly", "/v1/programs/prog-1/cohorts",
                "/v1/programs/prog-1/alerts", "/v1/programs/prog-1/clients", "/v1/counselors?program=prog-1");
        List<String> researchPaths = List.of("/v1/research/weekly?program=prog-1", "/v1/research/cohorts?program=prog-1",
                "/v1/research/alliance-outcomes?program=prog-1");
        for (String path : concat(directorPaths, researchPaths)) {
            assertThat(instances.get(0, path, null).statusCode()).as("no token " + path).isEqualTo(401);
            assertThat(instances.get(0, path, "not-a-token").statusCode()).as("bad token " + path).isEqualTo(401);
            assertThat(instances.get(0, path, QueryInstances.CLINIC).statusCode()).as("clinic " + path).isEqualTo(403);
            assertThat(instances.get(1, path, QueryInstances.ADMIN).statusCode()).as("admin " + path).isEqualTo(200);
            assertThat(instances.get(1, path, QueryInstances.DIRECTOR_1).statusCode()).as("director " + path).isEqualTo(200);
            assertThat(instances.get(0, path, QueryInstances.DIRECTOR_2).statusCode()).as("other director " + path)
                    .isEqualTo(path.equals("/v1/programs") ? 200 : 403);
        }
        for (String path : directorPaths) {
            assertThat(instances.get(0, path, QueryInstances.RESEARCHER).statusCode()).as("researcher " + path)
                    .isEqualTo(403);
        }
        for (String path : researchPaths) {
            assertThat(instances.get(0, path, QueryInstances.RESEARCHER).statusCode()).as("researcher " + path)
                    .isEqualTo(200);
        }
        // Directors' research answers cover their own programs; every program is for researchers and admins.
        assertThat(rows(0, "/v1/research/weekly", QueryInstances.DIRECTOR_2)).extracting(r -> r.get("program_id"))
                .containsOnly("prog-2");
        assertThat(instances.get(0, "/internal/v1/query/clients?program=prog-1", QueryInstances.RESEARCHER).statusCode())
                .isEqualTo(403);
        assertThat(instances.get(0, "/internal/v1/query/research-weekly?programs=*", QueryInstances.DIRECTOR_1)
                .statusCode()).isEqualTo(403);
    }

    @Test
    void beforeStreamsRunsEveryQueryAnswers503WithRetryAfter() throws Exception {
        org.rapport.config.RapportConfig config = instances.config(0).with(Map.of("streams.application.id",
                "rapport-never-started"));
        io.javalin.Javalin app = io.javalin.Javalin.create(c -> c.showJavalinBanner = false);
        try (QueryServer server = QueryServer.of(config, QueryInstances.TOKENS,
                new org.rapport.streams.StreamsApp(config))) {
            server.addRoutes(app);
            app.start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/v1/programs", "/v1/programs/prog-1/weekly", "/v1/programs/prog-1/alerts",
                    "/v1/research/alliance-outcomes?instrument=CARE", "/health/ready")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                + app.port() + path)).header("Authorization", "Bearer " + QueryInstances.ADMIN).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path).isEqualTo(503);
                if (!path.startsWith("/health")) {
                    assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue("2");
                    assertThat(response.body()).as(path).contains("not ready");
                }
            }
        } finally {
            app.stop();
        }
    }

    @Test
    void badParametersAnswer400() {
        assertThat(instances.get(0, "/v1/programs/prog-1/weekly?from=last-week", QueryInstances.ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(instances.get(0, "/v1/programs/prog-1/alerts?kind=NOPE", QueryInstances.ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(instances.get(0, "/v1/research/alliance-outcomes?instrument=PHQ9", QueryInstances.ADMIN).statusCode())
                .isEqualTo(400);
        // Issue 9, item 11 and its siblings: each of these answered 500 before.
        for (String path : List.of("/internal/v1/query/research-alliance?keys=abc",
                "/internal/v1/query/research-alliance?keys=", "/internal/v1/query/alerts?program=prog-1&since=yesterday",
                "/internal/v1/query/weekly", "/v1/research/alliance-outcomes?program=,",
                "/v1/programs/prog-1/weekly?from=%2B999999999-12-31", "/v1/research/cohorts?program=prog-1%7Cevil",
                "/v1/programs/prog-1/alerts?limit=0")) {
            HttpResponse<String> answer = instances.get(1, path, QueryInstances.ADMIN);
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.body()).as(path).startsWith("{\"error\":\"");
        }
        assertThat(instances.get(0, "/internal/v1/query/research-alliance?keys=abc", QueryInstances.ADMIN).body())
                .isEqualTo("{\"error\":\"unknown query 'research-alliance'\"}");
    }

    /** Issue 9, item 7: an id outside the alphabet in a path or query parameter is a 400 naming the character. */
    @Test
    void programIdsOutsideTheAlphabetAnswer400() {
        String problem = "{\"error\":\"program id must be 1-64 characters of A-Z a-z 0-9 . _ : -; "
                + "U+007C '|' at position 6 is not allowed\"}";
        for (String path : List.of("/v1/programs/prog-%7Cevil/weekly", "/v1/programs/prog-%7Cevil/cohorts",
                "/v1/counselors?program=prog-%7Cevil", "/v1/research/cohorts?program=prog-%7Cevil",
                "/v1/research/alliance-outcomes?instrument=CARE&program=prog-%7Cevil")) {
            HttpResponse<String> r = instances.get(0, path, QueryInstances.ADMIN);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(r.body()).as(path).isEqualTo(problem);
        }
        assertThat(instances.get(0, "/v1/programs/prog%E2%80%AE1/alerts", QueryInstances.ADMIN).body())
                .contains("U+202E at position 5 is not allowed");
        assertThat(instances.get(0, "/v1/programs/prog-%7Cevil/alerts/live", QueryInstances.ADMIN).statusCode())
                .isEqualTo(400);
        assertThat(instances.get(0, "/v1/programs/prog-%7Cevil/weekly", null).statusCode())
                .as("no token: 401 before anything else").isEqualTo(401);
    }

    /** Issue 9, item 10: security headers on every answer, and client-level answers are never cached. */
    @Test
    void answersCarryTheSecurityHeadersAndTokenAnswersAreNotCached() {
        HttpResponse<String> clients = instances.get(0, "/v1/programs/prog-1/clients", QueryInstances.DIRECTOR_1);
        assertThat(clients.statusCode()).isEqualTo(200);
        assertThat(clients.headers().firstValue("Cache-Control")).contains("no-store");
        for (String path : List.of("/", "/dashboard/app.js", "/assets/echarts.min.js", "/health/live", "/nowhere")) {
            HttpResponse<String> r = instances.get(0, path, null);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(csp ->
                    assertThat(csp).startsWith("default-src 'none'; script-src 'self'; style-src 'self'"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void healthMetricsAndOpenApi() throws IOException {
        assertThat(instances.get(0, "/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = instances.get(1, "/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("RUNNING");
        String metrics = instances.get(0, "/metrics", null).body();
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "metrics-sample.txt"), metrics);
        assertThat(metrics).contains("rapport_events_in_total{topic=\"rapport.episodes.v1\"}",
                "rapport_dead_letters_total", "rapport_alerts_total{kind=\"SAFETY\"}",
                "rapport_query_latency_seconds_count{endpoint=\"weekly\"}", "kafka_stream_state_");
        double episodesIn = 0;
        for (int i = 0; i < 2; i++) {
            for (String line : instances.get(i, "/metrics", null).body().split("\n")) {
                if (line.startsWith("rapport_events_in_total{topic=\"rapport.episodes.v1\"}")) {
                    episodesIn += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        assertThat(episodesIn).isEqualTo(15.0);
        Map<String, Object> openApi = JSON.readValue(instances.get(0, "/openapi.json", null).body(),
                new TypeReference<Map<String, Object>>() { });
        assertThat(((Map<String, Object>) openApi.get("paths")).keySet()).contains("/v1/programs", "/v1/programs/{id}/weekly",
                "/v1/research/alliance-outcomes", "/v1/counselors");
    }

    @Test
    void aNewAlertArrivesOnTheLiveStreamOfItsProgramOnly() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(instances.baseUrl(1) + "/v1/programs/prog-1/alerts/live"))
                .header("Authorization", "Bearer " + QueryInstances.DIRECTOR_1).header("Accept", "text/event-stream").build();
        assertThat(instances.get(0, "/v1/programs/prog-1/alerts/live", QueryInstances.DIRECTOR_2).statusCode())
                .isEqualTo(403);
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture<String> alertLine = CompletableFuture.supplyAsync(() -> firstAlertData(response.body()));
        try {
            // c02 answers PHQ-9 item 9 with 2 on the 9th: a SAFETY alert of prog-1.
            SurveyEvent phq9 = Events.survey("c02", Instrument.PHQ9, "2026-01-09T09:30:00Z", 1, 1, 0, 0, 0, 0, 0, 0, 2);
            instances.send(phq9);
            String data = alertLine.get(60, TimeUnit.SECONDS);
            Map<String, Object> alert = JSON.readValue(data, new TypeReference<Map<String, Object>>() { });
            assertThat(alert).containsEntry("kind", "SAFETY").containsEntry("client_id", client("c02"))
                    .containsEntry("program_id", "prog-1").containsEntry("at", "2026-01-09T09:30:00Z");
        } finally {
            response.body().close();
        }
    }

    // --- Issue 12: what each role's first view reads ---------------------------------------------------------------

    @Test
    void theProgramsOwnAllianceRowsAreUnsuppressedForItsDirector() {
        List<Map<String, Object>> care = rows(1, "/v1/programs/prog-1/alliance-outcomes?instrument=CARE",
                QueryInstances.DIRECTOR_1);
        // c12 alone rated CARE 10 (LOW): one episode, shown; it missed both its sessions, so attendance 0 / 2.
        assertThat(care).containsExactly(
                Map.of("program_id", "prog-1", "instrument", "CARE", "band", "LOW", "episodes", 1, "dropouts", 0,
                        "dropout_rate", 0.0, "returns_to_use", 0, "return_to_use_rate", 0.0, "mean_attendance_rate", 0.0),
                Map.of("program_id", "prog-1", "instrument", "CARE", "band", "HIGH", "episodes", 11, "dropouts", 0,
                        "dropout_rate", 0.0, "returns_to_use", 0, "return_to_use_rate", 0.0, "mean_attendance_rate", 1.0));
        assertThat(rows(0, "/v1/programs/prog-1/alliance-outcomes", QueryInstances.ADMIN).subList(0, 2)).isEqualTo(care);
        assertThat(rows(0, "/v1/programs/prog-1/alliance-outcomes?instrument=WAI_SR", QueryInstances.DIRECTOR_1)).isEmpty();
        for (String token : List.of(QueryInstances.DIRECTOR_2, QueryInstances.RESEARCHER, QueryInstances.CLINIC)) {
            assertThat(instances.get(0, "/v1/programs/prog-1/alliance-outcomes", token).statusCode()).isEqualTo(403);
        }
        assertThat(instances.get(0, "/v1/programs/prog-1/alliance-outcomes?instrument=NOPE", QueryInstances.ADMIN)
                .statusCode()).isEqualTo(400);
        assertThat(instances.get(1, "/v1/programs/prog-1/alliance-outcomes?instrument=CARE", QueryInstances.DIRECTOR_1,
                "text/csv").body()).isEqualTo("program_id,instrument,band,episodes,dropouts,dropout_rate,returns_to_use,"
                + "return_to_use_rate,mean_attendance_rate\nprog-1,CARE,LOW,1,0,0.0,0,0.0,0.0\n"
                + "prog-1,CARE,HIGH,11,0,0.0,0,0.0,1.0\n");
    }

    @Test
    void theDirectorSeesSelfCompassionAndPeerSupportNextToCare() {
        List<Map<String, Object>> all = rows(1, "/v1/programs/prog-1/alliance-outcomes", QueryInstances.DIRECTOR_1);
        // CARE, then SCS_SF, then PEER_SUPPORT; each by band
        assertThat(all).extracting(r -> r.get("instrument"), r -> r.get("band"), r -> r.get("episodes")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CARE", "LOW", 1), org.assertj.core.groups.Tuple.tuple("CARE", "HIGH", 11),
                org.assertj.core.groups.Tuple.tuple("SCS_SF", "LOW", 1), org.assertj.core.groups.Tuple.tuple("SCS_SF", "MID", 11),
                org.assertj.core.groups.Tuple.tuple("PEER_SUPPORT", "NONE", 1),
                org.assertj.core.groups.Tuple.tuple("PEER_SUPPORT", "SOME", 11));
        // c12 alone has no peer-support session: it missed s1 and s2 -> 0 / 2; c01-c11 attended s1 -> 1 / 1 each
        assertThat(rows(0, "/v1/programs/prog-1/alliance-outcomes?instrument=PEER_SUPPORT", QueryInstances.DIRECTOR_1))
                .containsExactly(
                        Map.of("program_id", "prog-1", "instrument", "PEER_SUPPORT", "band", "NONE", "episodes", 1,
                                "dropouts", 0, "dropout_rate", 0.0, "returns_to_use", 0, "return_to_use_rate", 0.0,
                                "mean_attendance_rate", 0.0),
                        Map.of("program_id", "prog-1", "instrument", "PEER_SUPPORT", "band", "SOME", "episodes", 11,
                                "dropouts", 0, "dropout_rate", 0.0, "returns_to_use", 0, "return_to_use_rate", 0.0,
                                "mean_attendance_rate", 1.0));
        assertThat(instances.get(0, "/v1/programs/prog-1/alliance-outcomes?instrument=scs_sf", QueryInstances.DIRECTOR_1,
                "text/csv").body()).isEqualTo("program_id,instrument,band,episodes,dropouts,dropout_rate,returns_to_use,"
                + "return_to_use_rate,mean_attendance_rate\nprog-1,SCS_SF,LOW,1,0,0.0,0,0.0,0.0\n"
                + "prog-1,SCS_SF,MID,11,0,0.0,0,0.0,1.0\n");
        assertThat(rows(0, "/v1/programs/prog-2/alliance-outcomes?instrument=PEER_SUPPORT", QueryInstances.DIRECTOR_2))
                .extracting(r -> r.get("band"), r -> r.get("episodes"), r -> r.get("mean_attendance_rate"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("NONE", 1, 1.0));   // d1: t1 is never described
    }

    @Test
    void researchAllianceHasSelfCompassionAndPeerSupportSuppressedLikeCare() {
        List<Map<String, Object>> peer = rows(1, "/v1/research/alliance-outcomes?instrument=PEER_SUPPORT&program=prog-1",
                QueryInstances.RESEARCHER);
        assertThat(peer).hasSize(2);
        assertThat(peer.get(0)).containsEntry("band", "NONE").containsEntry("episodes", null)
                .containsEntry("dropouts", 0).containsEntry("mean_attendance_rate", null).containsEntry("suppressed", true);
        assertThat(peer.get(1)).containsEntry("band", "SOME").containsEntry("episodes", 11)
                .containsEntry("dropouts", 0).containsEntry("dropout_rate", 0.0).containsEntry("returns_to_use", 0)
                .containsEntry("return_to_use_rate", 0.0).containsEntry("mean_attendance_rate", 1.0)
                .containsEntry("suppressed", false);
        // Over all programs (no program asked): every exposure. PEER_SUPPORT NONE = c12 + d1 = 2 episodes, suppressed.
        List<Map<String, Object>> all = rows(0, "/v1/research/alliance-outcomes", QueryInstances.RESEARCHER);
        assertThat(all).extracting(r -> r.get("program_id"), r -> r.get("instrument"), r -> r.get("band"),
                r -> r.get("episodes")).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ALL", "CARE", "LOW", null),
                org.assertj.core.groups.Tuple.tuple("ALL", "CARE", "HIGH", 11),
                org.assertj.core.groups.Tuple.tuple("ALL", "SCS_SF", "LOW", null),
                org.assertj.core.groups.Tuple.tuple("ALL", "SCS_SF", "MID", 11),
                org.assertj.core.groups.Tuple.tuple("ALL", "PEER_SUPPORT", "NONE", null),
                org.assertj.core.groups.Tuple.tuple("ALL", "PEER_SUPPORT", "SOME", 11));
        HttpResponse<String> csv = instances.get(1, "/v1/research/alliance-outcomes?instrument=SCS_SF&program=prog-1",
                QueryInstances.RESEARCHER, "text/csv");
        assertThat(csv.body()).isEqualTo("program_id,instrument,band,episodes,dropouts,dropout_rate,returns_to_use,"
                + "return_to_use_rate,mean_attendance_rate,suppressed,suppressed_fields\n"
                + "prog-1,SCS_SF,LOW,,0,,0,,,true,episodes;dropout_rate;return_to_use_rate;mean_attendance_rate\n"
                + "prog-1,SCS_SF,MID,11,0,0.0,0,0.0,1.0,false,\n");
        assertThat(instances.get(0, "/v1/research/alliance-outcomes?instrument=BAM", QueryInstances.RESEARCHER)
                .statusCode()).isEqualTo(400);
    }

    @Test
    void engagementCountsAndTheClientsBehindThem() {
        // Open episodes by engagement over 28 days: c01-c11 attended 1 of 1 (HIGH), c12 0 of 2 (LOW); in prog-2 d1
        // attended 1 of 1, d2 and d3 had no session (NONE).
        assertThat(rows(0, "/v1/programs?engagement=true", QueryInstances.ADMIN)).containsExactly(
                Map.of("program_id", "prog-1", "clients", 12, "open_episodes", 12, "at_risk", 1, "dropped_out", 0,
                        "engagement_high", 11, "engagement_moderate", 0, "engagement_low", 1, "engagement_none", 0),
                Map.of("program_id", "prog-2", "clients", 3, "open_episodes", 3, "at_risk", 0, "dropped_out", 0,
                        "engagement_high", 1, "engagement_moderate", 0, "engagement_low", 0, "engagement_none", 2));
        assertThat(rows(1, "/v1/programs/prog-1/clients?engagement=LOW&episode_open=true", QueryInstances.DIRECTOR_1))
                .extracting(r -> r.get("client_id")).containsExactly(client("c12"));
        assertThat(rows(0, "/v1/programs/prog-1/clients?engagement=high", QueryInstances.DIRECTOR_1)).hasSize(11);
        assertThat(rows(0, "/v1/programs/prog-2/clients?engagement=NONE", QueryInstances.DIRECTOR_2))
                .extracting(r -> r.get("client_id")).containsExactlyInAnyOrder(client("d2"), client("d3"));
        assertThat(rows(1, "/v1/programs/prog-1/clients?episode_open=false", QueryInstances.DIRECTOR_1)).isEmpty();
        assertThat(instances.get(0, "/v1/programs/prog-1/clients?episode_open=maybe", QueryInstances.ADMIN).statusCode())
                .isEqualTo(400);
    }

    @Test
    void alertsInEffectLeaveOutWhatNoLongerNeedsAttention() {
        // c12's AT_RISK stands (no session attended since); the SAFETY answers of January are weeks old by now.
        List<Map<String, Object>> inEffect = rows(1, "/v1/programs/prog-1/alerts?in_effect=true", QueryInstances.DIRECTOR_1);
        assertThat(inEffect).extracting(a -> a.get("kind"), a -> a.get("client_id"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AT_RISK", client("c12")));
        assertThat(rows(0, "/v1/programs/prog-1/alerts?in_effect=true&kind=SAFETY", QueryInstances.DIRECTOR_1)).isEmpty();
        assertThat(rows(0, "/v1/programs/prog-1/alerts?in_effect=false", QueryInstances.DIRECTOR_1))
                .extracting(a -> a.get("kind")).contains("AT_RISK", "SAFETY");
    }

    @Test
    void aClinicSeesWhatItSentPerDayAndWhatWasRefusedWithTheReasonOnly() {
        // A CARE form with 9 items (10 needed), written straight to Kafka: a dead letter of clinic-a.
        SurveyEvent invalid = Events.survey("c05", Instrument.CARE, "2026-01-07T16:00:00Z", "co-1", 3, 3, 3, 3, 3, 3, 3, 3, 3);
        instances.send(invalid);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                !rows(0, "/v1/clinics/" + Events.CLINIC + "/rejected", QueryInstances.ADMIN).isEmpty());

        // Every scenario event is clinic-a's: 15 admissions on the 5th; s1 and 13 attendances (11 + c12 + d1) on the
        // 6th; 12 CARE ratings and a PHQ-9 on the 7th; s2 and c12's second no-show on the 8th.
        List<Map<String, Object>> days = rows(1, "/v1/clinics/" + Events.CLINIC + "/received?from=2026-01-01&to=2026-01-08",
                QueryInstances.CLINIC);
        assertThat(days).containsExactly(
                Map.of("day", "2026-01-05", "episode", 15, "session", 0, "attendance", 0, "survey", 0, "training", 0, "received", 15, "rejected", 0),
                Map.of("day", "2026-01-06", "episode", 0, "session", 1, "attendance", 13, "survey", 0, "training", 0, "received", 14, "rejected", 0),
                Map.of("day", "2026-01-07", "episode", 0, "session", 0, "attendance", 0, "survey", 13, "training", 0, "received", 13, "rejected", 0),
                Map.of("day", "2026-01-08", "episode", 0, "session", 1, "attendance", 1, "survey", 0, "training", 0, "received", 2, "rejected", 0));
        assertThat(rows(0, "/v1/clinics/" + Events.CLINIC + "/received?from=2026-01-01&to=2026-01-08",
                QueryInstances.ADMIN)).isEqualTo(days);

        Map<String, Object> refused = single(rows(1, "/v1/clinics/" + Events.CLINIC + "/rejected", QueryInstances.CLINIC));
        assertThat(refused).containsOnlyKeys("failed_at", "type", "stage", "source_topic", "event_id", "reason")
                .containsEntry("type", "survey").containsEntry("stage", "VALIDATION")
                .containsEntry("source_topic", "rapport.surveys.v1").containsEntry("event_id", invalid.getEventId());
        assertThat((String) refused.get("reason")).contains("items").contains("10");
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        assertThat(rows(0, "/v1/clinics/" + Events.CLINIC + "/received?from=" + today, QueryInstances.CLINIC))
                .anySatisfy(d -> assertThat(d).containsEntry("day", today).containsEntry("rejected", 1));

        for (String token : List.of(QueryInstances.DIRECTOR_1, QueryInstances.RESEARCHER)) {
            assertThat(instances.get(0, "/v1/clinics/clinic-a/received", token).statusCode()).isEqualTo(403);
            assertThat(instances.get(0, "/v1/clinics/clinic-a/rejected", token).statusCode()).isEqualTo(403);
        }
        assertThat(instances.get(0, "/v1/clinics/clinic-b/rejected", QueryInstances.CLINIC).statusCode()).isEqualTo(403);
        assertThat(instances.get(0, "/internal/v1/query/clinic-rejected?clinic=clinic-b", QueryInstances.CLINIC)
                .statusCode()).isEqualTo(403);
        assertThat(instances.get(0, "/v1/clinics/clinic-a/received", null).statusCode()).isEqualTo(401);
        assertThat(instances.get(0, "/v1/clinics/clinic%7Ca/received", QueryInstances.ADMIN).statusCode()).isEqualTo(400);
    }

    @Test
    void meTellsTheDashboardWhoSignedInAndWhichViewsTheyMayOpen() throws IOException {
        Map<String, Object> director = JSON.readValue(instances.get(0, "/v1/me", QueryInstances.DIRECTOR_1).body(),
                new TypeReference<Map<String, Object>>() { });
        assertThat(director).containsEntry("name", "director-1").containsEntry("role", "director")
                .containsEntry("programs", List.of("prog-1")).containsEntry("clinic_id", null)
                .containsEntry("all_programs", false).containsEntry("views", List.of("director", "research"))
                .containsEntry("suppression_threshold", 11);
        assertThat(instances.get(1, "/v1/me", QueryInstances.RESEARCHER).body()).contains("\"views\":[\"research\"]");
        assertThat(instances.get(1, "/v1/me", QueryInstances.CLINIC).body()).contains("\"clinic_id\":\"clinic-a\"")
                .contains("\"views\":[\"clinic\"]");
        assertThat(instances.get(0, "/v1/me", QueryInstances.ADMIN).body())
                .contains("\"views\":[\"director\",\"research\",\"clinic\"]");
        HttpResponse<String> anonymous = instances.get(0, "/v1/me", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(instances.get(0, "/v1/me", QueryInstances.DIRECTOR_1).headers().firstValue("Cache-Control"))
                .contains("no-store");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenApiDocumentDescribesEachRolesEndpoints() throws IOException {
        Map<String, Object> openApi = JSON.readValue(instances.get(0, "/openapi.json", null).body(),
                new TypeReference<Map<String, Object>>() { });
        assertThat(((Map<String, Object>) openApi.get("paths")).keySet()).contains("/v1/me",
                "/v1/programs/{id}/alliance-outcomes", "/v1/clinics/{id}/received", "/v1/clinics/{id}/rejected",
                "/v1/clinics/{clinicId}/uploads");
    }

    private static String firstAlertData(InputStream body) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            boolean alertEvent = false;
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.equals("event: alert")) {
                    alertEvent = true;
                } else if (alertEvent && line.startsWith("data: ")) {
                    return line.substring("data: ".length());
                }
            }
            throw new IllegalStateException("the stream ended without an alert");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<Map<String, Object>> rows(int instance, String path, String token) {
        HttpResponse<String> response = instances.get(instance, path, token);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        try {
            return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> single(List<Map<String, Object>> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
