package org.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.RegistryDouble;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;

/** Round trips of every topic's values, and reading data written with other versions of a schema. */
class SchemaEvolutionTest {

    /**
     * AttendanceEvent as a first version might have been: no {@code recorded_at} (added later, with
     * default null), and a status enum with fewer symbols, so NO_SHOW is index 1 here but 3 today.
     */
    private static final Schema ATTENDANCE_V0 = new Schema.Parser().parse("""
            {"type": "record", "name": "AttendanceEvent", "namespace": "org.rapport.avro", "fields": [
              {"name": "event_id", "type": "string"},
              {"name": "clinic_id", "type": "string"},
              {"name": "program_id", "type": "string"},
              {"name": "session_id", "type": "string"},
              {"name": "client_id", "type": "string"},
              {"name": "status", "type": {"type": "enum", "name": "AttendanceStatus",
                                          "symbols": ["ATTENDED", "NO_SHOW"]}},
              {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}""");

    private RegistryDouble registry;
    private HttpSchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = new RegistryDouble();
        client = new HttpSchemaRegistryClient(registry.url());
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    static Stream<Topic<? extends SpecificRecord>> topics() {
        return Topics.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topics")
    <T extends SpecificRecord> void everyTopicsValuesSurviveARoundTrip(Topic<T> topic) {
        SpecificAvroSerde<T> serde = SpecificAvroSerde.forTopic(topic, client, true);

        List<T> records = randomRecords(topic, 25, topic.name().hashCode());
        assertThat(records).as("varied samples").doesNotHaveDuplicates();
        for (T record : records) {
            byte[] bytes = serde.serializer().serialize(topic.name(), record);
            assertThat(serde.deserializer().deserialize(topic.name(), bytes)).isEqualTo(record);
        }
        assertThat(registry.requests()).containsExactly("POST /subjects/" + topic.valueSubject() + "/versions");
    }

    @Test
    void readsDataWrittenWithAnOlderSchemaVersion() throws IOException {
        GenericRecord old = new GenericData.Record(ATTENDANCE_V0);
        old.put("event_id", "e-old");
        old.put("clinic_id", "c");
        old.put("program_id", "p");
        old.put("session_id", "s");
        old.put("client_id", "x");
        old.put("status", new GenericData.EnumSymbol(ATTENDANCE_V0.getField("status").schema(), "NO_SHOW"));
        old.put("occurred_at", 1_767_600_000_000L);
        int v0 = registry.registerDirectly(Topics.ATTENDANCE.valueSubject(), ATTENDANCE_V0);
        byte[] oldBytes = WireFormat.frame(v0, avro(ATTENDANCE_V0, old));
        SpecificAvroSerde<AttendanceEvent> serde = SpecificAvroSerde.forTopic(Topics.ATTENDANCE, client, true);

        AttendanceEvent read = serde.deserializer().deserialize(Topics.ATTENDANCE.name(), oldBytes);

        assertThat(read).isEqualTo(AttendanceEvent.newBuilder().setEventId("e-old").setClinicId("c")
                .setProgramId("p").setSessionId("s").setClientId("x").setStatus(AttendanceStatus.NO_SHOW)
                .setOccurredAt(Instant.parse("2026-01-05T08:00:00Z")).setRecordedAt(null).build());
        // Both versions through one deserializer: each id keeps its own resolution.
        AttendanceEvent current = AttendanceEvent.newBuilder(read).setEventId("e-new")
                .setStatus(AttendanceStatus.LATE).setRecordedAt(Instant.parse("2026-01-05T09:00:00Z")).build();
        byte[] currentBytes = serde.serializer().serialize(Topics.ATTENDANCE.name(), current);
        assertThat(WireFormat.parse("t", currentBytes).schemaId()).isNotEqualTo(v0);
        assertThat(serde.deserializer().deserialize(Topics.ATTENDANCE.name(), currentBytes)).isEqualTo(current);
        assertThat(serde.deserializer().deserialize(Topics.ATTENDANCE.name(), oldBytes)).isEqualTo(read);
    }

    @Test
    void skipsFieldsOfANewerWriterItDoesNotKnow() throws IOException {
        Schema newer = new Schema.Parser().parse(AttendanceEvent.getClassSchema().toString()
                .replace("\"name\":\"event_id\"", "\"name\":\"note\",\"type\":\"string\",\"default\":\"\"},{\"name\":\"event_id\""));
        assertThat(newer.getFields().get(0).name()).isEqualTo("note");
        GenericRecord record = new GenericData.Record(newer);
        record.put("note", "written by a newer producer");
        record.put("event_id", "e");
        record.put("clinic_id", "c");
        record.put("program_id", "p");
        record.put("session_id", "s");
        record.put("client_id", "x");
        record.put("status", new GenericData.EnumSymbol(newer.getField("status").schema(), "ATTENDED"));
        record.put("occurred_at", 0L);
        record.put("recorded_at", null);
        int id = registry.registerDirectly(Topics.ATTENDANCE.valueSubject(), newer);
        SpecificAvroSerde<AttendanceEvent> serde = SpecificAvroSerde.forTopic(Topics.ATTENDANCE, client, true);

        AttendanceEvent read = serde.deserializer().deserialize(Topics.ATTENDANCE.name(),
                WireFormat.frame(id, avro(newer, record)));

        assertThat(read).isEqualTo(AttendanceEvent.newBuilder().setEventId("e").setClinicId("c").setProgramId("p")
                .setSessionId("s").setClientId("x").setStatus(AttendanceStatus.ATTENDED)
                .setOccurredAt(Instant.EPOCH).setRecordedAt(null).build());
    }

    /** Random values of every field (fixed seed), made specific by a plain Avro write and a specific read. */
    static <T extends SpecificRecord> List<T> randomRecords(Topic<T> topic, int count, long seed) {
        Schema schema = topic.valueSchema();
        SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema,
                SpecificData.getForClass(topic.valueClass()));
        List<T> records = new ArrayList<>();
        try {
            for (Object generic : new RandomData(schema, count, seed)) {
                byte[] bytes = avro(schema, generic);
                records.add(reader.read(null, DecoderFactory.get().binaryDecoder(bytes, null)));
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return records;
    }

    private static byte[] avro(Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
