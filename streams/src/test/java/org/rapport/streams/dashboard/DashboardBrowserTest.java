package org.rapport.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.client.RapportClient;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import org.rapport.streams.query.QueryInstances;
import org.rapport.streams.testing.Events;
import org.rapport.testkit.KafkaClusterExtension;

/**
 * The director's dashboard in a real browser (Debian's headless Chromium) on a running system fed by the
 * simulator: it signs in from the {@code #token=} link, draws the charts and tables with data, and shows a new
 * alert live, without a reload. Leaves {@code target/dashboard.png}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROGRAM = "north-op";
    private QueryInstances instances;

    @BeforeAll
    void startOneInstanceFedBySimulator() {
        instances = new QueryInstances(CLUSTER, 1);
        try (RapportClient client = RapportClient.create(instances.config(0).with("pseudonym.secret", "browser-test"))) {
            new Simulator(new SimulatorOptions(7, 70, 120, null, false, Duration.ofSeconds(1)), client,
                    Clock.systemUTC()).run();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                rows("/v1/programs/" + PROGRAM + "/weekly").size() >= 8
                        && !rows("/v1/programs/" + PROGRAM + "/cohorts").isEmpty()
                        && !rows("/v1/counselors?program=" + PROGRAM).isEmpty());
    }

    @AfterAll
    void stop() {
        instances.close();
    }

    @Test
    void directorSeesChartsTablesAndANewAlertLive() throws Exception {
        Path profile = Path.of("target", "chromium-profile-" + UUID.randomUUID());
        try (HeadlessChromium browser = HeadlessChromium.start(profile)) {
            browser.navigate(instances.baseUrl(0) + "/#token=" + QueryInstances.DIRECTOR_NORTH);
            browser.waitFor("(document.body && document.body.dataset.loaded) || ''", v -> v.asText().equals(PROGRAM),
                    Duration.ofSeconds(60));

            assertThat(browser.evaluate("location.hash").asText()).as("the token leaves the address bar").isEmpty();
            assertThat(browser.evaluate("localStorage.getItem('rapport.token')").asText())
                    .isEqualTo(QueryInstances.DIRECTOR_NORTH);
            JsonNode charts = browser.evaluate(CHARTS);
            for (String weekly : List.of("chart-attendance", "chart-active", "chart-dropouts", "chart-returns")) {
                assertThat(charts.path(weekly).path("canvas").asBoolean()).as(weekly + " drawn").isTrue();
                assertThat(charts.path(weekly).path("categories").asInt()).as(weekly + " weeks").isGreaterThanOrEqualTo(8);
            }
            assertThat(charts.path("chart-attendance").path("points").asInt()).isGreaterThanOrEqualTo(8);
            assertThat(charts.path("chart-active").path("points").asInt()).isGreaterThanOrEqualTo(8);
            for (String alliance : List.of("chart-alliance-care", "chart-alliance-wai")) {
                assertThat(charts.path(alliance).path("canvas").asBoolean()).as(alliance + " drawn").isTrue();
                assertThat(charts.path(alliance).path("series").asInt()).as(alliance).isEqualTo(2);
            }
            assertThat(browser.evaluate("document.querySelectorAll('#cohorts tbody tr td').length").asInt())
                    .isGreaterThanOrEqualTo(10);
            assertThat(browser.evaluate("document.querySelector('#counselors tbody td').textContent").asText())
                    .isNotEqualTo("No data yet.");
            browser.waitFor("document.getElementById('live-badge').classList.contains('on')", JsonNode::asBoolean,
                    Duration.ofSeconds(20));

            String client = Events.client("browser-test-client-" + UUID.randomUUID());
            instances.send(newClientWithSafetyAnswer(client));
            JsonNode live = browser.waitFor("[...document.querySelectorAll('#alerts li.new')].map(li => li.textContent)",
                    v -> v.toString().contains(client.substring(0, 8)), Duration.ofSeconds(60));
            assertThat(live.toString()).contains("Safety");
            browser.screenshot(Path.of("target", "dashboard.png"));
        }
        assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(20_000);
    }

    /** A client admitted to north-op a minute ago who answers PHQ-9 item 9 with 1: a SAFETY alert. */
    private static org.apache.avro.specific.SpecificRecord[] newClientWithSafetyAnswer(String clientId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        EpisodeEvent admitted = EpisodeEvent.newBuilder(Events.admitted("x", now.minusSeconds(120).toString(), PROGRAM,
                "clinic-north")).setClientId(clientId).build();
        SurveyEvent phq9 = SurveyEvent.newBuilder(Events.survey("x", Instrument.PHQ9, now.minusSeconds(60).toString(),
                        0, 1, 0, 0, 0, 0, 0, 0, 1))
                .setClientId(clientId).setProgramId(PROGRAM).setClinicId("clinic-north").build();
        return new org.apache.avro.specific.SpecificRecord[] {admitted, phq9};
    }

    private List<Map<String, Object>> rows(String path) throws Exception {
        var response = instances.get(0, path, QueryInstances.ADMIN);
        return response.statusCode() != 200 ? List.of()
                : JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() { });
    }

    /** What ECharts holds for each chart: drawn on a canvas, categories on the x axis, non-null points, series. */
    private static final String CHARTS = """
            (() => {
              const out = {};
              document.querySelectorAll('.chart').forEach((el) => {
                const chart = echarts.getInstanceByDom(el);
                const option = chart ? chart.getOption() : { series: [], xAxis: [{ data: [] }] };
                out[el.id] = {
                  canvas: !!el.querySelector('canvas'),
                  categories: option.xAxis[0].data.length,
                  series: option.series.length,
                  points: option.series.reduce((n, s) => n + s.data.filter((v) => v !== null && v !== undefined).length, 0),
                };
              });
              return out;
            })()""";
}
