package org.rapport.launcher.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, item 3: the whole {@code rapport local} process — broker, Streams, gateway — killed with SIGKILL while
 * a load is posted over HTTP, then started again on the same data directory. It must become ready by itself and,
 * once the batches that were not acknowledged are posted again, hold exactly what was accepted: nothing lost (every
 * batch answered 202 before the kill counts without being sent again) and nothing duplicated (a batch that reached
 * Kafka but whose 202 was lost in the kill is sent twice; its events count once).
 *
 * <p>The scenario, worked by hand: {@value #CLIENTS} clients of north-op, each admitted once (spread over 60 days
 * before today), each rating a counselor with CARE, every second one discharged COMPLETED ten days after
 * admission. So: {@value #CLIENTS} clients and admissions, {@value #CLIENTS}/2 open episodes and completions.
 */
class LocalProcessKillTest {

    private static final int CLIENTS = 900;
    private static final int BATCH = 50;
    /** A clinic system's pace: the load lasts a few seconds, so the kill lands in the middle of it. */
    private static final long PAUSE_MILLIS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HTTP_URL = Pattern.compile("HTTP\\s+(http://\\S+)");
    private static final Pattern ADMIN_TOKEN = Pattern.compile("^\\s+admin\\s+(rpt_\\S+)");
    private static final Pattern IS_UP = Pattern.compile("Rapport local platform is up \\(started in (\\d+) ms\\)");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void killedMidLoadItRestartsToReadyWithNothingLostAndNothingDuplicated() throws Exception {
        List<String> batches = batches(Instant.now().truncatedTo(ChronoUnit.DAYS));
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        String admin;

        try (LocalProcess first = LocalProcess.start(dataDir, "--no-demo")) {
            first.await(IS_UP, 180);
            String url = first.await(HTTP_URL, 1);
            admin = first.await(ADMIN_TOKEN, 1);
            Thread poster = new Thread(() -> postAll(url, admin, batches, accepted), "poster");
            poster.start();
            // Kill once about half is acknowledged: the poster is mid-load and Streams busy with what it has.
            while (accepted.size() < batches.size() / 2 && poster.isAlive()) {
                Thread.sleep(5);
            }
            assertThat(first.kill()).as("killed by SIGKILL").isEqualTo(137);
            poster.join(30_000);
        }
        assertThat(refused).as("batches refused").isEmpty();
        assertThat(accepted).as("part of the load was acknowledged before the kill, not all").isNotEmpty()
                .hasSizeLessThan(batches.size());

        try (LocalProcess second = LocalProcess.start(dataDir, "--no-demo")) {
            long readyMillis = Long.parseLong(second.await(IS_UP, 240));
            String url = second.await(HTTP_URL, 1);
            org.slf4j.LoggerFactory.getLogger(LocalProcessKillTest.class).info(
                    "Ready {} ms after the restart; {} of {} batches were acknowledged before the kill; hanging: {}",
                    readyMillis, accepted.size(), batches.size(),
                    second.find(Pattern.compile("(Completed \\d+ transaction.*)")).orElse("none"));
            for (int i = 0; i < batches.size(); i++) {
                if (!accepted.contains(i)) {
                    assertThat(post(url, admin, batches.get(i)).statusCode()).as("batch %d sent again", i).isEqualTo(202);
                }
            }
            Map<String, Long> expected = Map.of("clients", (long) CLIENTS, "open_episodes", CLIENTS / 2L,
                    "client_rows", (long) CLIENTS, "admissions", (long) CLIENTS, "discharged_completed", CLIENTS / 2L,
                    "cohort_admitted", (long) CLIENTS, "cohort_completed", CLIENTS / 2L);
            Map<String, Long> seen = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
            while (!seen.equals(expected) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                seen = observed(url, admin);
            }
            assertThat(seen).as("the tables after the restart: all that was accepted, once").isEqualTo(expected);
            second.stop();
        }
    }

    /** Batches of JSON events, as a clinic's system would post them. */
    private static List<String> batches(Instant today) throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            String ref = String.format("K-%04d", i);
            Instant admitted = today.minus(Duration.ofDays(70 - i % 60)).plus(Duration.ofHours(9));
            events.add(event(ref, "episode-admitted", admitted, Map.of("type", "episode", "client_ref", ref,
                    "action", "ADMITTED", "level_of_care", "OUTPATIENT")));
            events.add(event(ref, "care", admitted.plus(Duration.ofDays(2)), Map.of("type", "survey", "client_ref", ref,
                    "instrument", "CARE", "counselor_id", "co-" + i % 7, "items", List.of(4, 4, 5, 4, 4, 5, 4, 4, 5, 4))));
            if (i % 2 == 0) {
                events.add(event(ref, "episode-discharged", admitted.plus(Duration.ofDays(10)), Map.of("type", "episode",
                        "client_ref", ref, "action", "DISCHARGED", "level_of_care", "OUTPATIENT",
                        "discharge_reason", "COMPLETED")));
            }
        }
        List<String> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += BATCH) {
            batches.add(JSON.writeValueAsString(events.subList(from, Math.min(events.size(), from + BATCH))));
        }
        return batches;
    }

    private static Map<String, Object> event(String ref, String what, Instant at, Map<String, Object> fields) {
        Map<String, Object> event = new LinkedHashMap<>(fields);
        event.put("event_id", UUID.nameUUIDFromBytes((ref + "|" + what).getBytes()).toString());
        event.put("clinic_id", "clinic-north");
        event.put("program_id", "north-op");
        event.put("occurred_at", at.toString());
        return event;
    }

    private void postAll(String url, String token, List<String> batches, Set<Integer> accepted) {
        for (int i = 0; i < batches.size(); i++) {
            try {
                Thread.sleep(PAUSE_MILLIS);
                HttpResponse<String> answer = post(url, token, batches.get(i));
                if (answer.statusCode() == 202) {
                    accepted.add(i);
                } else {
                    refused.add(answer.statusCode() + " " + answer.body());
                }
            } catch (Exception e) {
                return;   // the process was killed mid-request: this batch and the rest go again later
            }
        }
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/v1/events")).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** What the query API says now (empty while it answers 503). */
    private Map<String, Long> observed(String url, String token) throws Exception {
        Map<String, Long> seen = new LinkedHashMap<>();
        for (Map<String, Object> program : rows(url, token, "/v1/programs")) {
            if ("north-op".equals(program.get("program_id"))) {
                seen.put("clients", number(program.get("clients")));
                seen.put("open_episodes", number(program.get("open_episodes")));
            }
        }
        seen.put("client_rows", (long) rows(url, token, "/v1/programs/north-op/clients").size());
        long admissions = 0;
        long completed = 0;
        for (Map<String, Object> week : rows(url, token, "/v1/programs/north-op/weekly")) {
            admissions += number(week.get("admissions"));
            completed += week.get("discharges") instanceof Map<?, ?> d ? number(d.get("COMPLETED")) : 0;
        }
        seen.put("admissions", admissions);
        seen.put("discharged_completed", completed);
        long cohortAdmitted = 0;
        long cohortCompleted = 0;
        for (Map<String, Object> month : rows(url, token, "/v1/programs/north-op/cohorts")) {
            cohortAdmitted += number(month.get("admitted"));
            cohortCompleted += number(month.get("completed"));
        }
        seen.put("cohort_admitted", cohortAdmitted);
        seen.put("cohort_completed", cohortCompleted);
        return seen;
    }

    private List<Map<String, Object>> rows(String url, String token, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return List.of();
        }
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
