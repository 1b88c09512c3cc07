package org.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.avro.Instrument;
import org.rapport.avro.SurveyEvent;
import org.rapport.config.RapportConfig;
import org.rapport.registry.client.HttpSchemaRegistryClient;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.registry.client.RegistryDouble;
import org.rapport.topics.Topics;

class SpecificAvroSerdeTest {

    private static final String ATTENDANCE = Topics.ATTENDANCE.name();

    private RegistryDouble registry;

    @BeforeEach
    void start() throws IOException {
        registry = new RegistryDouble(258);
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void writesTheExactConfluentWireBytesOfAnAttendanceEvent() {
        byte[] bytes = sharedSerde().serializer().serialize(ATTENDANCE, attendance());

        assertThat(bytes).containsExactly(
                0x00,                   // magic byte
                0x00, 0x00, 0x01, 0x02, // schema id 258, big-endian
                0x04, 'e', '1',         // event_id "e1": length 2 as zig-zag varint = 4, then UTF-8
                0x02, 'c',              // clinic_id "c"
                0x02, 'p',              // program_id "p"
                0x02, 's',              // session_id "s"
                0x02, 'x',              // client_id "x"
                0x02,                   // status LATE: enum index 1, zig-zag 2
                0xd8, 0x04,             // occurred_at 300 ms: zig-zag 600 = 0b100_1011000 -> 0xd8 0x04
                0x02, 0x01);            // recorded_at: union branch 1 (long), -1 ms zig-zags to 1
        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.attendance.v1-value/versions");
    }

    @Test
    void writesTheExactBytesOfASurveyWithMissingItems() {
        SurveyEvent survey = SurveyEvent.newBuilder().setEventId("e").setClinicId("c").setProgramId("p")
                .setClientId("x").setInstrument(Instrument.PHQ9).setItems(java.util.Arrays.asList(3, null))
                .setCounselorId("k").setOccurredAt(Instant.ofEpochMilli(64)).setRecordedAt(null).build();

        byte[] bytes = new SpecificAvroSerializer<SurveyEvent>(new HttpSchemaRegistryClient(registry.url()))
                .serialize(Topics.SURVEYS.name(), survey);

        assertThat(bytes).containsExactly(
                0x00, 0x00, 0x00, 0x01, 0x02,
                0x02, 'e', 0x02, 'c', 0x02, 'p', 0x02, 'x',
                0x0a,                   // PHQ9: enum index 5, zig-zag 10
                0x04,                   // items: one block of 2 (zig-zag 4)
                0x02, 0x06,             //   3: union branch 1 (int), zig-zag 6
                0x00,                   //   null: union branch 0
                0x00,                   // end of array
                0x02, 0x02, 'k',        // counselor_id: branch 1 (string), "k"
                0x80, 0x01,             // occurred_at 64 ms: zig-zag 128 needs two varint bytes
                0x00);                  // recorded_at null
    }

    @Test
    void readsBackWhatItWrote() {
        SpecificAvroSerde<AttendanceEvent> serde = sharedSerde();

        byte[] bytes = serde.serializer().serialize(ATTENDANCE, attendance());

        assertThat(serde.deserializer().deserialize(ATTENDANCE, bytes)).isEqualTo(attendance());
        assertThat(registry.requests()).as("the registered schema is cached by id too")
                .containsExactly("POST /subjects/rapport.attendance.v1-value/versions");
    }

    @Test
    void registersOncePerTopicSubject() {
        SpecificAvroSerializer<AttendanceEvent> serializer = new SpecificAvroSerializer<>(
                new HttpSchemaRegistryClient(registry.url()));

        for (int i = 0; i < 3; i++) {
            serializer.serialize(ATTENDANCE, attendance());
            serializer.serialize("rapport.attendance-replay", attendance());
        }

        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.attendance.v1-value/versions",
                "POST /subjects/rapport.attendance-replay-value/versions");
    }

    @Test
    void worksWithTheInMemoryRegistryForTestsWithoutHttp() {
        SpecificAvroSerde<AttendanceEvent> serde = SpecificAvroSerde.forTopic(Topics.ATTENDANCE,
                new InMemorySchemaRegistryClient(), true);

        byte[] bytes = serde.serializer().serialize(ATTENDANCE, attendance());

        assertThat(java.util.Arrays.copyOf(bytes, 5)).containsExactly(0, 0, 0, 0, 1);
        assertThat(serde.deserializer().deserialize(ATTENDANCE, bytes)).isEqualTo(attendance());
    }

    @Test
    void keysUseTheKeySubject() {
        SpecificAvroSerializer<AttendanceEvent> keys = new SpecificAvroSerializer<>();
        keys.configure(Map.of("schema.registry.url", registry.url()), true);

        keys.serialize(ATTENDANCE, attendance());

        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.attendance.v1-key/versions");
    }

    @Test
    void nullIsATombstoneBothWays() {
        SpecificAvroSerde<AttendanceEvent> serde = sharedSerde();

        assertThat(serde.serializer().serialize(ATTENDANCE, null)).isNull();
        assertThat(serde.deserializer().deserialize(ATTENDANCE, null)).isNull();
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void configuredByMapTheTwoHalvesShareOneCachedClient() {
        SpecificAvroSerde<AttendanceEvent> serde = new SpecificAvroSerde<>(AttendanceEvent.class);
        serde.configure(Map.of("schema.registry.url", registry.url(), "schema.registry.connect.timeout.ms", "500"),
                false);

        byte[] bytes = serde.serializer().serialize(ATTENDANCE, attendance());
        serde.serializer().serialize(ATTENDANCE, attendance());

        assertThat(serde.deserializer().deserialize(ATTENDANCE, bytes)).isEqualTo(attendance());
        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.attendance.v1-value/versions");
    }

    @Test
    void withoutAReaderClassReadsTheClassNamedByTheWriterSchema() {
        byte[] bytes = sharedSerde().serializer().serialize(ATTENDANCE, attendance());
        SpecificAvroDeserializer<AttendanceEvent> generic = new SpecificAvroDeserializer<>();
        generic.configure(Map.of("schema.registry.url", registry.url()), false);

        assertThat(generic.deserialize(ATTENDANCE, bytes)).isEqualTo(attendance());
    }

    @Test
    void withoutAutoRegistrationLooksTheIdUpAndSaysWhenTheSchemaIsMissing() {
        SpecificAvroSerializer<AttendanceEvent> serializer = new SpecificAvroSerializer<>();
        serializer.configure(Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "false"), false);

        assertThatThrownBy(() -> serializer.serialize(ATTENDANCE, attendance()))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not look up the schema of org.rapport.avro.AttendanceEvent under "
                        + "subject rapport.attendance.v1-value (auto.register.schemas=false: register the schema first)")
                .hasMessageContaining("error_code 40401");

        int id = registry.registerDirectly(Topics.ATTENDANCE.valueSubject(), AttendanceEvent.getClassSchema());
        assertThat(WireFormat.parse(ATTENDANCE, serializer.serialize(ATTENDANCE, attendance())).schemaId())
                .isEqualTo(id);
        assertThat(registry.requests()).containsOnly("POST /subjects/rapport.attendance.v1-value");
    }

    @Test
    void forTopicReadsTheRegistryAndAutoRegistrationFromRapportConfig() {
        RapportConfig config = RapportConfig.defaults().with(Map.of("schema.registry.url", registry.url(),
                "serde.auto.register.schemas", "false"));
        SpecificAvroSerde<AttendanceEvent> serde = SpecificAvroSerde.forTopic(Topics.ATTENDANCE, config);

        assertThatThrownBy(() -> serde.serializer().serialize(ATTENDANCE, attendance()))
                .hasMessageContaining("auto.register.schemas=false");
        assertThat(registry.requests()).containsExactly("POST /subjects/rapport.attendance.v1-value");
    }

    @Test
    void anUnknownSchemaIdIsAClearSerializationException() {
        byte[] bytes = WireFormat.frame(99, new byte[] {0x02, 'e'});

        assertThatThrownBy(() -> sharedSerde().deserializer().deserialize(ATTENDANCE, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessage("Record on topic rapport.attendance.v1 has unknown schema id 99: Schema registry "
                        + registry.url() + " answered HTTP 404 (error_code 40403: Schema 99 not found) to "
                        + "GET /schemas/ids/99");
    }

    @Test
    void bytesNotInTheWireFormatNeverReachTheRegistry() {
        SpecificAvroSerde<AttendanceEvent> serde = sharedSerde();

        assertThatThrownBy(() -> serde.deserializer().deserialize(ATTENDANCE, "{\"event_id\":1}".getBytes()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte is 0x7b, expected 0x00");
        assertThatThrownBy(() -> serde.deserializer().deserialize(ATTENDANCE, new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("0 bytes, fewer than the 5-byte header");
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void aTruncatedPayloadIsASerializationExceptionNamingTheId() {
        SpecificAvroSerde<AttendanceEvent> serde = sharedSerde();
        byte[] bytes = serde.serializer().serialize(ATTENDANCE, attendance());
        byte[] truncated = java.util.Arrays.copyOf(bytes, 9);

        assertThatThrownBy(() -> serde.deserializer().deserialize(ATTENDANCE, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageStartingWith("Could not decode a record on topic rapport.attendance.v1 written with schema id 258");
    }

    @Test
    void aRegistryThatIsDownFailsBothWaysNamingTheUrl() throws IOException {
        String down = "http://127.0.0.1:" + closedPort();
        SpecificAvroSerde<AttendanceEvent> serde = new SpecificAvroSerde<>(AttendanceEvent.class);
        serde.configure(Map.of("schema.registry.url", down), false);

        assertThatThrownBy(() -> serde.serializer().serialize(ATTENDANCE, attendance()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Could not register the schema of org.rapport.avro.AttendanceEvent under subject "
                        + "rapport.attendance.v1-value: Schema registry not reachable at " + down);
        assertThatThrownBy(() -> serde.deserializer().deserialize(ATTENDANCE, WireFormat.frame(1, new byte[0])))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("could not fetch schema id 1: Schema registry not reachable at " + down);
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        assertThatThrownBy(() -> new SpecificAvroSerde<>(AttendanceEvent.class).configure(Map.of(), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new SpecificAvroSerializer<AttendanceEvent>().configure(
                Map.of("schema.registry.url", registry.url(), "auto.register.schemas", "yes"), false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas");
    }

    private SpecificAvroSerde<AttendanceEvent> sharedSerde() {
        return new SpecificAvroSerde<>(new HttpSchemaRegistryClient(registry.url()), AttendanceEvent.class);
    }

    private static AttendanceEvent attendance() {
        return AttendanceEvent.newBuilder().setEventId("e1").setClinicId("c").setProgramId("p").setSessionId("s")
                .setClientId("x").setStatus(AttendanceStatus.LATE).setOccurredAt(Instant.ofEpochMilli(300))
                .setRecordedAt(Instant.ofEpochMilli(-1)).build();
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
