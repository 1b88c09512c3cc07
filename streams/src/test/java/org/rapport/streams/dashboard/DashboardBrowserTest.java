package org.rapport.streams.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.ingest.privacy.Pseudonymizer;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.simulator.Simulator;
import org.rapport.simulator.SimulatorOptions;
import org.rapport.streams.testing.Events;
import org.rapport.testkit.KafkaClusterExtension;
import org.rapport.topics.Topics;

/**
 * The dashboard in a real browser (Debian's headless Chromium over the DevTools protocol) on a running system fed by
 * the simulator, as each role meets it: the director (overview, a program with every panel, the clients behind the
 * at-risk tile, a new alert arriving live), the researcher (suppressed tables with numbers), the clinic (what it
 * sent, what was refused, a file checked, a pseudonym), a view the role may not open, and a restart of the server
 * that the page rides out by itself. Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    @RegisterExtension
    static final KafkaClusterExtension CLUSTER = new KafkaClusterExtension();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PAGE = Duration.ofSeconds(60);
    private static final String PROGRAM = "north-op";
    private static final String CLINIC = "clinic-north";

    private DashboardSystem system;
    private HeadlessChromium browser;
    private String invalidEventId;

    @BeforeAll
    void startSystemFedBySimulator() throws Exception {
        system = new DashboardSystem(CLUSTER);
        new Simulator(new SimulatorOptions(7, 70, 120, null, false, Duration.ofSeconds(1)), system.client(),
                Clock.systemUTC()).run();
        invalidEventId = sendInvalidSurveyOfClinicNorth();
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() ->
                rows("/v1/programs/" + PROGRAM + "/weekly").size() >= 8
                        && !rows("/v1/programs/" + PROGRAM + "/cohorts").isEmpty()
                        && !rows("/v1/counselors?program=" + PROGRAM).isEmpty()
                        && !rows("/v1/clinics/" + CLINIC + "/rejected").isEmpty()
                        && !rows("/v1/programs/" + PROGRAM + "/training-effects").isEmpty());
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() {
        system.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = HeadlessChromium.start(Path.of("target", "chromium-profile-" + UUID.randomUUID()));
    }

    @AfterEach
    void closeBrowser() {
        List<String> policy = browser.problems().stream().filter(p -> p.startsWith("exception")
                || p.contains("Content Security Policy")).toList();
        browser.close();
        assertThat(policy).as("no script error and nothing the Content-Security-Policy refused").isEmpty();
    }

    @Test
    @Order(1)
    void theDirectorSeesEveryProgramThenOneProgramsPanelsWithDataAndTheClientsBehindATile() throws Exception {
        browser.navigate(system.baseUrl() + "/#token=" + DashboardSystem.DIRECTOR);
        waitForView("overview");
        assertThat(browser.evaluate("location.hash").asText()).as("the token leaves the address bar").isEqualTo("#programs");
        assertThat(browser.evaluate("localStorage.getItem('rapport.token')").isNull()).as("not kept beyond the tab").isTrue();
        assertThat(browser.evaluate("sessionStorage.getItem('rapport.token')").asText()).isEqualTo(DashboardSystem.DIRECTOR);
        assertThat(intOf("document.querySelectorAll('#program-table tbody tr').length")).isEqualTo(5);
        assertThat(browser.evaluate("document.getElementById('program-table').textContent").asText())
                .as("programs by their registry name").contains("(north-op)");
        assertThat(intOf("Number(document.getElementById('chart-active').dataset.points)")).isGreaterThan(20);
        browser.screenshot(SCREENSHOTS.resolve("director-overview.png"));

        browser.evaluate("location.hash = '#program/" + PROGRAM + "'");
        waitForView("program");
        JsonNode charts = browser.evaluate(CHARTS);
        for (String weekly : List.of("chart-attendance", "chart-active", "chart-dropouts", "chart-returns")) {
            assertThat(charts.path(weekly).path("canvas").asBoolean()).as(weekly + " drawn").isTrue();
            assertThat(charts.path(weekly).path("partial").asText()).as(weekly + ": this week marked as so far")
                    .isEqualTo("true");
        }
        assertThat(charts.path("chart-attendance").path("points").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(charts.path("chart-dropouts").path("minInterval").asInt()).as("whole numbers for counts").isEqualTo(1);
        // The simulator's programs hold peer-support groups (no SCS-SF surveys): peer support shows next to CARE and WAI-SR.
        for (String exposure : List.of("program-care", "program-wai-sr", "program-peer-support")) {
            assertThat(charts.path(exposure).path("points").asInt()).as(exposure + ": bars, not 'hidden'")
                    .isGreaterThanOrEqualTo(2);
            assertThat(charts.path(exposure).path("hidden").asInt()).as(exposure + " unsuppressed").isZero();
        }
        assertThat(intOf("document.querySelectorAll('#cohorts tbody tr td').length")).isGreaterThanOrEqualTo(10);
        assertThat(browser.evaluate("document.querySelector('#counselors tbody td').textContent").asText())
                .isNotEqualTo("No data yet.");
        assertThat(browser.evaluate("[...document.querySelectorAll('#alerts li[data-kind]')].map(li => li.dataset.kind)")
                .toString()).as("alerts in effect only").doesNotContain("RE_ENGAGED");
        browser.waitFor("document.getElementById('live-badge').classList.contains('on')", JsonNode::asBoolean,
                Duration.ofSeconds(20));

        String client = Events.client("browser-test-client-" + UUID.randomUUID());
        send(newClientWithSafetyAnswer(client));
        JsonNode live = browser.waitFor("[...document.querySelectorAll('#alerts li.new')].map(li => li.textContent)",
                v -> v.toString().contains(client.substring(0, 8)), PAGE);
        assertThat(live.toString()).contains("Safety").contains("check on this client");
        browser.screenshot(SCREENSHOTS.resolve("director-program.png"));

        // The program with the most clients at risk, from the overview's table, opened by its at-risk tile.
        String riskiest = rows("/v1/programs").stream()
                .max(java.util.Comparator.comparingInt(p -> ((Number) p.get("at_risk")).intValue()))
                .map(p -> (String) p.get("program_id")).orElseThrow();
        browser.evaluate("location.hash = '#program/" + riskiest + "'");
        browser.waitFor("document.getElementById('program-title').textContent.includes('(" + riskiest + ")')"
                + " && document.body.dataset.readyView === 'program'", JsonNode::asBoolean, PAGE);
        int atRisk = intOf("Number(document.querySelector('[data-tile=at-risk] .value').textContent)");
        assertThat(atRisk).as("the demo has clients at risk").isPositive();
        browser.click("[data-tile=at-risk]");
        waitForView("clients");
        assertThat(browser.evaluate("document.getElementById('clients-title').textContent").asText())
                .startsWith("At risk").endsWith("(" + atRisk + ")");
        assertThat(intOf("document.querySelectorAll('#clients tbody tr').length")).isEqualTo(atRisk);
        assertThat(browser.evaluate("[...document.querySelectorAll('#clients tbody tr td:nth-child(10)')]"
                + ".every(td => td.textContent === 'at risk')").asBoolean()).isTrue();
        browser.screenshot(SCREENSHOTS.resolve("director-at-risk-clients.png"));

        Path downloads = Files.createTempDirectory(Path.of("target"), "downloads-");
        browser.allowDownloads(downloads);
        browser.click("#clients-csv");
        Path csv = downloads.resolve("rapport-" + riskiest + "-clients-at_risk.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).startsWith("client_id,clinic_id,program_id,episode_open");
        assertThat(lines).hasSize(atRisk + 1);
    }

    @Test
    @Order(2)
    void theDirectorSeesEachTrainingBeforeAndAfterWithIntervalsTheComparisonAndTheNs() throws Exception {
        List<Map<String, Object>> trainings = rows("/v1/programs/" + PROGRAM + "/training-effects");
        Map<String, Object> expected = trainings.get(0);
        String id = (String) expected.get("training_id");
        browser.navigate(system.baseUrl() + "/#token=" + DashboardSystem.DIRECTOR);
        waitForView("overview");
        browser.click("#views a[data-view=training]");
        waitForView("training");
        assertThat(browser.evaluate("location.hash").asText()).isEqualTo("#training");
        assertThat(intOf("document.querySelectorAll('#trainings section.training').length"))
                .as("the simulator trains counselors of every demo program").isEqualTo(5);

        String card = "document.querySelector('#trainings section.training[data-training=\"" + id + "\"]')";
        JsonNode charts = browser.evaluate("(() => { const out = {}; " + card + ".querySelectorAll('.chart')"
                + ".forEach((c) => { out[c.id.replace(/^training-\\d+-/, '')] = { canvas: !!c.querySelector('canvas'),"
                + " points: Number(c.dataset.points), whiskers: Number(c.dataset.whiskers), n: c.dataset.n }; });"
                + " return out; })()");
        for (String metric : List.of("care", "wai", "attendance", "dropout")) {
            JsonNode chart = charts.path(metric);
            assertThat(chart.path("canvas").asBoolean()).as(metric + " drawn").isTrue();
            // n under every bar: trained before and after, comparison before and after, as the API has them
            assertThat(chart.path("n").asText()).as(metric + " n under every bar").isEqualTo(expected.get(metric
                    + "_before_n") + "," + expected.get(metric + "_after_n") + "," + expected.get(metric
                    + "_comparison_before_n") + "," + expected.get(metric + "_comparison_after_n"));
            boolean interval = expected.get(metric + "_ci_low") != null;
            assertThat(chart.path("whiskers").asInt()).as(metric + " whiskers iff an interval").isEqualTo(interval ? 1 : 0);
        }
        // Sessions are plentiful on both sides of a completion, in both groups: four bars and an interval.
        assertThat(charts.path("attendance").path("points").asInt()).isEqualTo(4);
        assertThat(charts.path("attendance").path("whiskers").asInt()).isEqualTo(1);
        assertThat(browser.evaluate(card + ".querySelector('.effect[data-metric=attendance]').textContent").asText())
                .contains("95% interval").contains("comparison").contains("difference in differences");
        // The after windows of a 70-day demo with mid-run trainings are still running: said, with the numbers so far.
        boolean complete = Boolean.TRUE.equals(expected.get("complete"));
        assertThat(browser.evaluate(card + ".querySelector('.not-enough') !== null").asBoolean()).isEqualTo(!complete);
        assertThat(complete).as("a 90-day after window cannot be over in a 70-day run").isFalse();
        assertThat(browser.evaluate(card + ".textContent").asText()).contains("Not enough data yet")
                .contains("parallel trends");
        browser.screenshot(SCREENSHOTS.resolve("director-training.png"));
    }

    @Test
    @Order(3)
    void theResearcherSignsInWithTheFormAndSeesNumbersWithHiddenCellsShownAsSuch() throws Exception {
        browser.navigate(system.baseUrl() + "/");
        waitForView("sign-in");
        signInWithForm(DashboardSystem.RESEARCHER);
        waitForView("research");
        assertThat(browser.evaluate("location.hash").asText()).isEqualTo("#research");
        assertThat(intOf("document.querySelectorAll('#research-weekly tbody tr').length")).isGreaterThan(20);
        assertThat(intOf("[...document.querySelectorAll('#research-weekly tbody td')].filter(td => /^\\d+$/.test(td.textContent)"
                + " && td.textContent !== '0').length")).as("numbers, not only 'hidden'").isGreaterThan(20);
        assertThat(intOf("document.querySelectorAll('#research-cohorts tbody tr').length")).isPositive();
        assertThat(intOf("document.querySelectorAll('#research-alliance tbody tr').length")).isPositive();
        assertThat(browser.evaluate("document.getElementById('research-alliance').textContent").asText())
                .as("every exposure the simulator feeds").contains("CARE", "WAI_SR", "PEER_SUPPORT");
        assertThat(browser.evaluate("document.getElementById('suppression-note').textContent").asText())
                .contains("from 1 to 10 is hidden");
        browser.screenshot(SCREENSHOTS.resolve("researcher.png"));
        Path downloads = Files.createTempDirectory(Path.of("target"), "downloads-");
        browser.allowDownloads(downloads);
        browser.click("[data-csv=weekly]");
        Path csv = downloads.resolve("rapport-research-weekly.csv");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(csv) && Files.size(csv) > 0);
        assertThat(Files.readAllLines(csv).get(0)).startsWith("program_id,week,").endsWith("suppressed,suppressed_fields");

        browser.evaluate("location.hash = '#programs'");
        waitForView("denied");
        String text = browser.evaluate("document.getElementById('view').textContent").asText();
        assertThat(text).contains("not for your role").contains("researcher");
        assertThat(intOf("document.querySelectorAll('#view a[href=\"#research\"]').length")).isEqualTo(1);
        browser.click("#sign-out");
        waitForView("sign-in");
        assertThat(browser.evaluate("sessionStorage.getItem('rapport.token')").isNull()).isTrue();
    }

    @Test
    @Order(4)
    void theClinicSeesWhatItSentWhatWasRefusedChecksAFileAndFindsAPseudonym() throws Exception {
        browser.navigate(system.baseUrl() + "/#token=" + DashboardSystem.CLINIC);
        waitForView("clinic");
        assertThat(browser.evaluate("document.getElementById('clinic-title').textContent").asText()).contains(CLINIC);
        assertThat(intOf("Number(document.getElementById('chart-received').dataset.points)")).isGreaterThan(20);
        assertThat(intOf("Number(document.querySelector('[data-tile=received-7] .value').textContent)")).isPositive();
        String refused = browser.evaluate("document.getElementById('rejected').textContent").asText();
        assertThat(refused).contains(invalidEventId).contains("items");

        Path file = Files.writeString(Files.createTempDirectory(Path.of("target"), "upload-").resolve("visits.csv"),
                "type,event_id,clinic_id,program_id,occurred_at,client_ref,instrument,items\n"
                        + "survey," + UUID.randomUUID() + ",clinic-north,north-op,2026-03-03T09:00:00Z,MRN-1,CRAVING,4\n"
                        + "survey," + UUID.randomUUID() + ",clinic-north,north-op,2026-03-03T09:00:00Z,MRN-1,CRAVING,12\n");
        browser.chooseFile("#upload-file", file);
        browser.click("#upload-form button[data-dry-run=true]");
        JsonNode summary = browser.waitFor("document.getElementById('upload-summary').textContent",
                v -> v.asText().contains("Checked only"), PAGE);
        assertThat(summary.asText()).contains("2 rows read, 1 accepted").contains("1 refused");
        assertThat(browser.evaluate("document.getElementById('upload-problems').textContent").asText())
                .contains("line 3").contains("between 0 and 10");

        browser.evaluate("document.getElementById('pseudonym-ref').value = 'MRN-0042'");
        browser.click("#pseudonym-form button");
        JsonNode answer = browser.waitFor("document.getElementById('pseudonym-answer').textContent",
                v -> !v.asText().isEmpty(), PAGE);
        assertThat(answer.asText()).endsWith(new Pseudonymizer(DashboardSystem.SECRET).clientId(CLINIC, "MRN-0042"));
        browser.screenshot(SCREENSHOTS.resolve("clinic.png"));

        browser.evaluate("location.hash = '#research'");
        waitForView("denied");
        assertThat(browser.evaluate("document.getElementById('view').textContent").asText()).contains("clinic");
    }

    @Test
    @Order(5)
    void theDashboardRidesOutARestartOfTheServerWithoutAReload() throws Exception {
        browser.navigate(system.baseUrl() + "/#token=" + DashboardSystem.DIRECTOR);
        waitForView("overview");
        browser.evaluate("location.hash = '#program/" + PROGRAM + "'");
        waitForView("program");
        browser.waitFor("document.getElementById('live-badge').classList.contains('on')", JsonNode::asBoolean,
                Duration.ofSeconds(20));
        browser.evaluate("window.rapportConnectionLog.length = 0; window.marker = 'same page'");
        int ready = intOf("Number(document.body.dataset.ready)");

        Instant restarting = Instant.now();
        system.restart(Duration.ofSeconds(3));
        browser.waitFor("window.rapportConnectionLog.some(s => s !== 'ok')", JsonNode::asBoolean, PAGE);
        browser.screenshot(SCREENSHOTS.resolve("restart-waiting.png"));
        browser.waitFor("document.getElementById('connection').dataset.state === 'ok' && Number(document.body.dataset.ready) > "
                + ready, JsonNode::asBoolean, Duration.ofSeconds(90));
        assertThat(browser.evaluate("window.marker").asText()).as("no reload").isEqualTo("same page");
        assertThat(browser.evaluate("document.getElementById('connection').hidden").asBoolean()).isTrue();
        assertThat(intOf("Number(document.getElementById('chart-attendance').dataset.points)")).isGreaterThanOrEqualTo(8);
        browser.waitFor("document.getElementById('live-badge').classList.contains('on')", JsonNode::asBoolean, PAGE);
        browser.screenshot(SCREENSHOTS.resolve("restart-recovered.png"));
        System.out.println("Dashboard back " + Duration.between(restarting, Instant.now()).toSeconds()
                + " s after the restart began");
    }

    // --- Helpers -------------------------------------------------------------------------------------------------

    /** Waits until {@code view} shows, and for a data view until its data has loaded. */
    private void waitForView(String view) throws InterruptedException {
        boolean data = List.of("program", "overview", "clients", "research", "clinic", "training").contains(view);
        browser.waitFor("!!document.body && document.body.dataset.view === '" + view + "'"
                + (data ? " && document.body.dataset.readyView === '" + view + "'" : ""), JsonNode::asBoolean, PAGE);
    }

    private void signInWithForm(String token) {
        browser.evaluate("document.getElementById('token-input').value = '" + token + "'");
        browser.click("#token-form button[type=submit]");
    }

    private int intOf(String expression) {
        return browser.evaluate(expression).asInt();
    }

    private List<Map<String, Object>> rows(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(system.baseUrl() + path)).header("Authorization", "Bearer " + DashboardSystem.ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() != 200 ? List.of() : JSON.readValue(response.body(), new TypeReference<>() { });
    }

    /** A CARE survey of 9 items (10 needed) written straight to Kafka, as a clinic's own producer might: a dead letter. */
    private String sendInvalidSurveyOfClinicNorth() {
        SurveyEvent invalid = SurveyEvent.newBuilder(Events.survey("x", Instrument.CARE, Instant.now().minusSeconds(3600)
                        .truncatedTo(ChronoUnit.SECONDS).toString(), "co-north-op-1", 4, 4, 4, 4, 4, 4, 4, 4, 4))
                .setClinicId(CLINIC).setProgramId(PROGRAM).setClientId(Events.client("invalid-survey")).build();
        send(invalid);
        return invalid.getEventId();
    }

    /** A client admitted to north-op a minute ago who answers PHQ-9 item 9 with 1: a SAFETY alert. */
    private static SpecificRecord[] newClientWithSafetyAnswer(String clientId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        EpisodeEvent admitted = EpisodeEvent.newBuilder(Events.admitted("x", now.minusSeconds(120).toString(), PROGRAM,
                CLINIC)).setClientId(clientId).build();
        SurveyEvent phq9 = SurveyEvent.newBuilder(Events.survey("x", Instrument.PHQ9, now.minusSeconds(60).toString(),
                        0, 1, 0, 0, 0, 0, 0, 0, 1))
                .setClientId(clientId).setProgramId(PROGRAM).setClinicId(CLINIC).build();
        return new SpecificRecord[] {admitted, phq9};
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void send(SpecificRecord... events) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, system.config().string("bootstrap.servers"),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (SpecificRecord e : events) {
                var topic = e instanceof EpisodeEvent ? Topics.EPISODES : Topics.SURVEYS;
                byte[] value = ((SpecificAvroSerde) SpecificAvroSerde.forTopic(topic, system.config())).serializer()
                        .serialize(topic.name(), e);
                String key = e instanceof EpisodeEvent ep ? ep.getClientId() : ((SurveyEvent) e).getClientId();
                long time = e instanceof EpisodeEvent ep ? ep.getOccurredAt().toEpochMilli()
                        : ((SurveyEvent) e).getOccurredAt().toEpochMilli();
                producer.send(new ProducerRecord<>(topic.name(), null, time, key, value));
            }
            producer.flush();
        }
    }

    /** What ECharts holds for each chart: drawn on a canvas, points, hidden bars, the partial week, y-axis step. */
    private static final String CHARTS = """
            (() => {
              const out = {};
              document.querySelectorAll('.chart').forEach((el) => {
                const chart = echarts.getInstanceByDom(el);
                const option = chart ? chart.getOption() : { yAxis: [{}] };
                out[el.id] = {
                  canvas: !!el.querySelector('canvas'),
                  points: Number(el.dataset.points || 0),
                  hidden: Number(el.dataset.hidden || 0),
                  partial: el.dataset.partial || '',
                  minInterval: (option.yAxis && option.yAxis[0] && option.yAxis[0].minInterval) || 0,
                };
              });
              return out;
            })()""";
}
