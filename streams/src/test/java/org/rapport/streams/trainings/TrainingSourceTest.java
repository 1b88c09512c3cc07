package org.rapport.streams.trainings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.rapport.streams.testing.Events.training;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.Curriculum;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;
import org.rapport.avro.TrainingEvent;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.serde.SpecificAvroSerde;
import org.rapport.streams.StreamsSettings;
import org.rapport.streams.TopicSerdes;
import org.rapport.topics.Ticks;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;

/**
 * The trainings topic on its own under TopologyTestDriver: what {@link TrainingSource} hands on (valid trainings at
 * their completion time, ticks), and what it sets aside as dead letters with a reason (invalid trainings, bytes that
 * are not a training, a completion before 1970).
 */
class TrainingSourceTest {

    private static final Instant WALL_CLOCK = Instant.parse("2026-06-01T00:00:00Z");
    private static final String VALID = "valid-trainings";

    private final String name = UUID.randomUUID().toString();
    private final InMemorySchemaRegistryClient registry = InMemorySchemaRegistryClient.named(name);
    private final TopicSerdes serdes = new TopicSerdes() {
        @Override
        public <V extends SpecificRecord> Serde<V> of(Topic<V> topic) {
            return SpecificAvroSerde.forTopic(topic, registry, true);
        }
    };
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, TrainingEvent> trainings;
    private final TestInputTopic<String, byte[]> raw;
    private final TestOutputTopic<String, TrainingEvent> valid;
    private final TestOutputTopic<String, DeadLetter> deadLetters;

    TrainingSourceTest() {
        StreamsBuilder builder = new StreamsBuilder();
        new TrainingSource(serdes, new EventValidator(Duration.ofDays(1)), Clock.fixed(WALL_CLOCK, ZoneOffset.UTC))
                .addTo(builder).to(VALID, Produced.with(Serdes.String(), serdes.of(Topics.TRAININGS)));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "training-source-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "tmp", "ttd-" + name).toString());
        props.putAll(StreamsSettings.errorHandling(InMemorySchemaRegistryClient.URL_SCHEME + name));
        driver = new TopologyTestDriver(builder.build(), props, WALL_CLOCK);
        trainings = driver.createInputTopic(Topics.TRAININGS.name(), Serdes.String().serializer(),
                serdes.of(Topics.TRAININGS).serializer());
        raw = driver.createInputTopic(Topics.TRAININGS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        valid = driver.createOutputTopic(VALID, Serdes.String().deserializer(), serdes.of(Topics.TRAININGS).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER.name(), Serdes.String().deserializer(),
                serdes.of(Topics.DEAD_LETTER).deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aValidTrainingPassesUnchangedAtItsCompletionTimeWhateverItsKafkaTimestamp() {
        TrainingEvent t = training("co-7", "empathy-2026-03", Curriculum.EMPATHY, "2026-03-06T16:00:00Z");
        // Written by some other client, stamped with its wall clock: event time is read from occurred_at.
        trainings.pipeInput("co-7", t, Instant.parse("2026-05-01T00:00:00Z"));

        TestRecord<String, TrainingEvent> out = valid.readRecord();
        assertThat(out.key()).isEqualTo("co-7");
        assertThat(out.value()).isEqualTo(t);
        assertThat(out.getRecordTime()).isEqualTo(Instant.parse("2026-03-06T16:00:00Z"));
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anInvalidTrainingBecomesADeadLetterWithEveryFieldProblemAndItsOriginalBytes() {
        TrainingEvent bad = training("co-7", "empathy|2026", Curriculum.EMPATHY, "2026-03-06T16:00:00Z");
        bad.setHours(250);
        byte[] bytes = serdes.of(Topics.TRAININGS).serializer().serialize(Topics.TRAININGS.name(), bad);
        raw.pipeInput("co-7", bytes);
        trainings.pipeInput("co-8", training("co-8", "empathy-2026-03", Curriculum.EMPATHY, "2026-03-06T16:00:00Z"));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo(DeadLetterStage.VALIDATION);
        assertThat(letter.getSourceTopic()).isEqualTo("rapport.trainings.v1");
        assertThat(letter.getSourcePartition()).isZero();
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(letter.getReason()).isEqualTo("training_id must be 1-64 characters of A-Z a-z 0-9 . _ : -; "
                + "U+007C '|' at position 8 is not allowed; hours must be between 0.5 and 200 hours, got 250");
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(bytes);
        assertThat(new String(bytes(letter.getOriginalKey()), StandardCharsets.UTF_8)).isEqualTo("co-7");
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(valid.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("co-8");
    }

    @Test
    void bytesThatAreNotATrainingAreADeserializationDeadLetter() {
        raw.pipeInput("co-7", "not avro".getBytes(StandardCharsets.UTF_8));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo(DeadLetterStage.DESERIALIZATION);
        assertThat(letter.getReason()).containsIgnoringCase("magic");
        assertThat(valid.isEmpty()).isTrue();
    }

    @Test
    void aCompletionBefore1970IsADeadLetterNotASkippedRecord() {
        TrainingEvent old = training("co-7", "empathy-1969", Curriculum.EMPATHY, "2026-03-06T16:00:00Z");
        old.setOccurredAt(Instant.parse("1969-07-20T20:17:00Z"));
        raw.pipeInput(new TestRecord<>("co-7", serdes.of(Topics.TRAININGS).serializer()
                .serialize(Topics.TRAININGS.name(), old), Instant.parse("2026-03-06T16:00:00Z")));

        assertThat(deadLetters.readValue().getReason())
                .isEqualTo("occurred_at must not be before 1970-01-01T00:00:00Z (ingest.earliest.instant)");
        assertThat(valid.isEmpty()).isTrue();
    }

    @Test
    void aTickPassesAsANullValueAtItsInstant() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(Ticks.HEADER, Ticks.headerValue(Instant.parse("2026-03-07T00:00:00Z")));
        raw.pipeInput(new TestRecord<>(Ticks.KEY, null, headers, Instant.parse("2026-03-07T00:00:00Z")));

        List<TestRecord<String, TrainingEvent>> out = valid.readRecordsToList();
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(Ticks.KEY);
            assertThat(r.value()).isNull();
            assertThat(r.getRecordTime()).isEqualTo(Instant.parse("2026-03-07T00:00:00Z"));
        });
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }
}
