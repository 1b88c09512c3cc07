package org.rapport.streams.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.rapport.avro.Alert;
import org.rapport.avro.AlertKind;
import org.rapport.avro.AllianceOutcome;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.ClientStatus;
import org.rapport.avro.Cohort;
import org.rapport.avro.CounselorAlliance;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.ProgramWeekly;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEffect;
import org.rapport.avro.TrainingEvent;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.RapportTopology;
import org.rapport.streams.StreamsSettings;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.ClientStores;
import org.rapport.streams.client.MidnightPass;
import org.rapport.streams.client.MidnightPassSettings;
import org.rapport.streams.rules.Rules;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;

/**
 * The whole Rapport topology under TopologyTestDriver, with the real serde over an in-memory registry. Feed
 * events with {@link #send}, advance stream time with {@link #tick}, and read the final state of each output
 * table.
 */
public final class TopologyFixture implements AutoCloseable {

    /** Validation's wall clock: late enough that no scenario date is "in the future". */
    public static final Instant WALL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");
    /** More steps than any test's clients need (each visits {@code client.midnight.pass.clients.per.step}). */
    private static final int MAX_SETTLE_STEPS = 10_000;

    private final InMemorySchemaRegistryClient registry;
    private final TopicSerdes serdes;
    private final TopologyTestDriver driver;
    private final Map<String, TestOutputTopic<String, ?>> outputs = new java.util.HashMap<>();
    private final Map<String, ClientStatus> statuses = new java.util.TreeMap<>();
    private final Map<String, ProgramWeekly> weekly = new java.util.TreeMap<>();
    private final Map<String, Cohort> cohorts = new java.util.TreeMap<>();
    private final Map<String, AllianceOutcome> alliance = new java.util.TreeMap<>();
    private final Map<String, CounselorAlliance> counselors = new java.util.TreeMap<>();
    private final Map<String, TrainingEffect> trainingEffects = new java.util.TreeMap<>();
    private final List<Alert> alerts = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    public TopologyFixture() {
        this(Rules.defaults());
    }

    public TopologyFixture(Rules rules) {
        this(rules, Map.of());
    }

    /** With extra Streams properties, e.g. the clinic feed's bounds ({@code rapport.clinic.feed.*}). */
    public TopologyFixture(Rules rules, Map<String, Object> properties) {
        String name = UUID.randomUUID().toString();
        this.registry = InMemorySchemaRegistryClient.named(name);
        this.serdes = new TopicSerdes() {
            @Override
            public <V extends SpecificRecord> Serde<V> of(Topic<V> topic) {
                return SpecificAvroSerde.forTopic(topic, registry, true);
            }
        };
        Clock wallClock = Clock.fixed(WALL_CLOCK, ZoneOffset.UTC);
        RapportTopology topology = new RapportTopology(rules, new EventValidator(java.time.Duration.ofDays(1)), serdes,
                wallClock);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rapport-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "tmp", "ttd-" + name).toString());
        props.putAll(StreamsSettings.errorHandling(InMemorySchemaRegistryClient.URL_SCHEME + name));
        props.putAll(properties);
        this.driver = new TopologyTestDriver(topology.build(), props, WALL_CLOCK);
    }

    public TopologyFixture send(SpecificRecord... events) {
        for (SpecificRecord e : events) {
            if (e instanceof EpisodeEvent x) {
                input(Topics.EPISODES).pipeInput(x.getClientId(), x, x.getOccurredAt());
            } else if (e instanceof AttendanceEvent x) {
                input(Topics.ATTENDANCE).pipeInput(x.getClientId(), x, x.getOccurredAt());
            } else if (e instanceof SurveyEvent x) {
                input(Topics.SURVEYS).pipeInput(x.getClientId(), x, x.getOccurredAt());
            } else if (e instanceof SessionEvent x) {
                input(Topics.SESSIONS).pipeInput(x.getSessionId(), x, x.getOccurredAt());
            } else if (e instanceof TrainingEvent x) {
                input(Topics.TRAININGS).pipeInput(x.getCounselorId(), x, x.getOccurredAt());
            } else {
                throw new IllegalArgumentException("not an input event: " + e);
            }
        }
        return this;
    }

    public TopologyFixture send(List<? extends SpecificRecord> events) {
        return send(events.toArray(new SpecificRecord[0]));
    }

    /** A tick (SPEC §5.1) on every input topic: stream time reaches {@code when}. */
    public TopologyFixture tick(String when) {
        Instant at = Events.at(when);
        for (Topic<?> topic : List.of(Topics.EPISODES, Topics.ATTENDANCE, Topics.SURVEYS, Topics.SESSIONS,
                Topics.TRAININGS)) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(Ticks.HEADER, Ticks.headerValue(at));
            driver.createInputTopic(topic.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                    .pipeInput(new TestRecord<>(Ticks.KEY, null, headers, at));
        }
        return this;
    }

    /** Raw bytes on an input topic, e.g. garbage that is not in the wire format. */
    public TopologyFixture sendRaw(Topic<?> topic, String key, byte[] value) {
        driver.createInputTopic(topic.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer())
                .pipeInput(key, value);
        return this;
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), Serdes.String().serializer(), serdes.of(topic).serializer());
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return (TestOutputTopic<String, V>) outputs.computeIfAbsent(topic.name(), n ->
                driver.createOutputTopic(n, Serdes.String().deserializer(), serdes.of(topic).deserializer()));
    }

    /**
     * Lets a midnight pass in progress finish: the client stage visits clients in wall-clock steps after stream time
     * crosses a UTC midnight (SPEC §5.2), so the driver's wall clock moves on, one step at a time, until it is done.
     */
    private void settle() {
        KeyValueStore<String, Long> clock = driver.getKeyValueStore(ClientStores.CLOCK);
        Duration step = Duration.ofMillis(RapportConfig.defaults().longValue(MidnightPassSettings.INTERVAL_MS));
        for (int i = 0; i < MAX_SETTLE_STEPS && MidnightPass.inProgress(clock); i++) {
            driver.advanceWallClockTime(step);
        }
        if (MidnightPass.inProgress(clock)) {
            throw new IllegalStateException("the midnight pass did not finish in " + MAX_SETTLE_STEPS + " steps");
        }
    }

    private void drain() {
        settle();
        drainTable(Topics.CLIENT_STATUS, statuses);
        drainTable(Topics.PROGRAM_WEEKLY, weekly);
        drainTable(Topics.COHORTS, cohorts);
        drainTable(Topics.ALLIANCE_OUTCOMES, alliance);
        drainTable(Topics.COUNSELOR_ALLIANCE, counselors);
        drainTable(Topics.TRAINING_EFFECTS, trainingEffects);
        alerts.addAll(output(Topics.ALERTS).readValuesToList());
        deadLetters.addAll(output(Topics.DEAD_LETTER).readValuesToList());
    }

    private <V extends SpecificRecord> void drainTable(Topic<V> topic, Map<String, V> table) {
        output(topic).readRecordsToList().forEach(r -> {
            if (r.value() == null) {
                table.remove(r.key());
            } else {
                table.put(r.key(), r.value());
            }
        });
    }

    public Map<String, ClientStatus> statuses() {
        drain();
        return statuses;
    }

    public ClientStatus status(String clientName) {
        return statuses().get(Events.client(clientName));
    }

    public Map<String, ProgramWeekly> weekly() {
        drain();
        return weekly;
    }

    public ProgramWeekly week(String program, String monday) {
        return weekly().get(program + "|" + monday);
    }

    public Map<String, Cohort> cohorts() {
        drain();
        return cohorts;
    }

    public Cohort cohort(String program, String month) {
        return cohorts().get(program + "|" + month);
    }

    public Map<String, AllianceOutcome> allianceOutcomes() {
        drain();
        return alliance;
    }

    public Map<String, CounselorAlliance> counselors() {
        drain();
        return counselors;
    }

    /** SPEC §5.8: the training-effects table, by training_id. */
    public Map<String, TrainingEffect> trainingEffects() {
        // The stage publishes changed trainings on a wall-clock schedule: let it run once.
        driver.advanceWallClockTime(java.time.Duration.ofMinutes(1));
        drain();
        return trainingEffects;
    }

    /** Every alert record sent, retractions included, in order. */
    public List<Alert> alertLog() {
        drain();
        return alerts;
    }

    /** The alerts in effect: sent and not retracted (a re-sent id counts once). */
    public List<Alert> effectiveAlerts() {
        Map<String, Alert> effective = new java.util.LinkedHashMap<>();
        for (Alert a : alertLog()) {
            if (a.getKind() == AlertKind.RETRACTED) {
                effective.remove(a.getRetracts());
            } else {
                effective.put(a.getAlertId(), a);
            }
        }
        return new ArrayList<>(effective.values());
    }

    public List<Alert> effectiveAlerts(String clientName, AlertKind kind) {
        return effectiveAlerts().stream().filter(a -> a.getClientId().equals(Events.client(clientName))
                && a.getKind() == kind).toList();
    }

    public List<DeadLetter> deadLetters() {
        drain();
        return deadLetters;
    }

    /** A key-value state store of the topology, by name (e.g. to check what a query would read). */
    public <V> org.apache.kafka.streams.state.KeyValueStore<String, V> store(String name) {
        settle();
        return driver.getKeyValueStore(name);
    }

    public TopologyTestDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.close();
    }
}
