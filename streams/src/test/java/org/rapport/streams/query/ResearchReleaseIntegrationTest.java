package org.rapport.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.rapport.streams.testing.Events.admitted;
import static org.rapport.streams.testing.Events.rating;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.testkit.KafkaClusterExtension;

/**
 * Issue 9, item 2, through the API: a clinic posts three admissions with CARE ratings in a new program and a
 * researcher tries to read them back: by differencing two answers around the posting (both come from the same
 * release), and by subtracting the programs' rows from the ALL row of the next release.
 *
 * <p>The scenario, worked by hand: programs a, b and c have 19, 13 and 14 episodes rated CARE all 5 (score 50, HIGH
 * band). The ALL|CARE|HIGH row is then 46. The attacker's program d adds 3: ALL becomes 49. Hidden then: d (3),
 * b (13, the smallest other, against the researcher) and c (14, since b's own clinic knows b): 49 − 19 = 30.
 */
class ResearchReleaseIntegrationTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALL = "/v1/research/alliance-outcomes?instrument=CARE";
    private static final String PROGRAMS = "/v1/research/alliance-outcomes?instrument=CARE&program=a,b,c,d";

    @Test
    void theSubtractionAttackFailsLiveAndInTheNextRelease() throws Exception {
        try (QueryInstances instances = new QueryInstances(CLUSTER, 1)) {
            List<SpecificRecord> events = new ArrayList<>();
            Map.of("a", 19, "b", 13, "c", 14).forEach((program, episodes) -> events.addAll(rated(program, episodes)));
            instances.send(events.toArray(SpecificRecord[]::new));
            awaitClients(instances, Map.of("a", 19L, "b", 13L, "c", 14L));
            // The first release is cut once the pipeline has caught up (503 until then).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> instances.get(0, PROGRAMS, QueryInstances.RESEARCHER).statusCode() == 200);

            HttpResponse<String> before = instances.get(0, PROGRAMS, QueryInstances.RESEARCHER);
            assertThat(high(before)).containsEntry("a", 19L).containsEntry("b", 13L).containsEntry("c", 14L)
                    .doesNotContainKey("d");
            assertThat(high(instances.get(0, ALL, QueryInstances.RESEARCHER))).containsEntry("ALL", 46L);

            // The clinic's three admissions in its new program d, each rated HIGH, processed.
            instances.send(rated("d", 3).toArray(SpecificRecord[]::new));
            awaitClients(instances, Map.of("a", 19L, "b", 13L, "c", 14L, "d", 3L));
            HttpResponse<String> after = instances.get(0, ALL, QueryInstances.RESEARCHER);
            assertThat(after.headers().firstValue(QueryCatalog.RELEASE_HEADER))
                    .as("still the release of the first answer (research.release.interval, 1 hour)")
                    .isEqualTo(before.headers().firstValue(QueryCatalog.RELEASE_HEADER));
            assertThat(high(after)).as("no difference to read around the clinic's posting").containsEntry("ALL", 46L);

            // An admin publishes the next release (it waits, answering 503, until d is processed everywhere).
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> instances.post(0, "/v1/research/releases", QueryInstances.ADMIN).statusCode() == 200);
            assertThat(instances.post(0, "/v1/research/releases", QueryInstances.RESEARCHER).statusCode()).isEqualTo(403);
            assertThat(high(instances.get(0, ALL, QueryInstances.RESEARCHER))).containsEntry("ALL", 49L);
            Map<String, Long> programs = high(instances.get(0, PROGRAMS, QueryInstances.RESEARCHER));
            assertThat(programs).as("d is hidden").containsEntry("d", null);
            long shown = programs.values().stream().filter(java.util.Objects::nonNull).mapToLong(Long::longValue).sum();
            long hidden = programs.values().stream().filter(java.util.Objects::isNull).count();
            // d, a complement against the researcher, and one against the clinic that owns that complement.
            assertThat(hidden).isEqualTo(3);
            assertThat(49 - shown).as("what subtraction leaves: three programs together").isEqualTo(3 + 13 + 14);
        }
    }

    /** Waits until the director's view (live, client level) counts these clients per program. */
    private static void awaitClients(QueryInstances instances, Map<String, Long> expected) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            HttpResponse<String> answer = instances.get(0, "/v1/programs", QueryInstances.ADMIN);
            if (answer.statusCode() != 200) {
                return false;
            }
            Map<String, Long> clients = new LinkedHashMap<>();
            for (Map<String, Object> row : JSON.readValue(answer.body(), new TypeReference<List<Map<String, Object>>>() { })) {
                clients.put((String) row.get("program_id"), ((Number) row.get("clients")).longValue());
            }
            return clients.equals(expected);
        });
    }

    /** {@code episodes} clients of {@code program}, admitted and rating counselor co-1 with CARE all 5. */
    private static List<SpecificRecord> rated(String program, int episodes) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            String client = program + "-" + i;
            events.add(admitted(client, "2026-03-02T09:00:00Z", program));
            SurveyEvent care = rating(client, Instrument.CARE, "2026-03-03T10:00:00Z", "co-1", 5);
            care.setProgramId(program);
            events.add(care);
        }
        return events;
    }

    /** Episodes of the HIGH band by program (null when hidden). */
    private static Map<String, Long> high(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 503);
        Map<String, Long> episodes = new LinkedHashMap<>();
        if (answer.statusCode() != 200) {
            return episodes;
        }
        try {
            for (Map<String, Object> row : JSON.readValue(answer.body(), new TypeReference<List<Map<String, Object>>>() { })) {
                if ("HIGH".equals(row.get("band"))) {
                    episodes.put((String) row.get("program_id"),
                            row.get("episodes") instanceof Number n ? n.longValue() : null);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return episodes;
    }
}
