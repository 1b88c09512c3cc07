package org.rapport.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;
import org.rapport.registry.client.InMemorySchemaRegistryClient;
import org.rapport.topics.Topics;

/**
 * Issue 9, item 1: a record whose encoding fails half-way must leave nothing behind. The serializer keeps one
 * encoder per thread; before the fix, the failed record's buffered bytes (its event id, clinic, pseudonym) were
 * flushed in front of the next record on that thread — another clinic's event.
 */
class SerializerFailureTest {

    private static final String TOPIC = Topics.ATTENDANCE.name();
    /** Year -999999999: a valid {@link Instant}, but its milliseconds overflow a long (timestamp-millis). */
    private static final Instant BEYOND_MILLIS = Instant.parse("-999999999-01-01T00:00:00Z");

    private final SpecificAvroSerializer<AttendanceEvent> serializer =
            new SpecificAvroSerializer<>(new InMemorySchemaRegistryClient());

    @Test
    void aRecordAfterAFailedOneIsWrittenByteForByteWithNothingOfTheFailedOne() {
        assertThatThrownBy(() -> serializer.serialize(TOPIC, northsFailingEvent()))
                .isInstanceOf(RecordEncodingException.class).hasMessageContaining("long overflow");

        byte[] south = serializer.serialize(TOPIC, southsEvent());

        assertThat(south).containsExactly(expectedSouthBytes());
        assertThat(new String(south, StandardCharsets.ISO_8859_1)).doesNotContain("north");
    }

    @Test
    void everyFailureOnTheThreadIsForgottenNotOnlyTheFirst() {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertThatThrownBy(() -> serializer.serialize(TOPIC, northsFailingEvent()))
                    .isInstanceOf(RecordEncodingException.class);
        }
        assertThat(serializer.serialize(TOPIC, southsEvent())).containsExactly(expectedSouthBytes());
        assertThat(serializer.serialize(TOPIC, southsEvent())).as("and the thread's encoder is reused again")
                .containsExactly(expectedSouthBytes());
    }

    @Test
    void aRecordEncodingFailureIsTheSerializationExceptionThatNamesTheRecordNotARegistryProblem() {
        assertThatThrownBy(() -> serializer.serialize(TOPIC, northsFailingEvent()))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageStartingWith("Could not write a org.rapport.avro.AttendanceEvent to topic " + TOPIC);
    }

    /** Long strings before occurred_at, so the encoder has buffered plenty when occurred_at fails. */
    private static AttendanceEvent northsFailingEvent() {
        return AttendanceEvent.newBuilder().setEventId("north-event-" + "n".repeat(40)).setClinicId("clinic-north")
                .setProgramId("north-op").setSessionId("north-session").setClientId("f".repeat(32))
                .setStatus(AttendanceStatus.NO_SHOW).setOccurredAt(BEYOND_MILLIS).setRecordedAt(null).build();
    }

    private static AttendanceEvent southsEvent() {
        return AttendanceEvent.newBuilder().setEventId("s1").setClinicId("cs").setProgramId("ps").setSessionId("t")
                .setClientId("y").setStatus(AttendanceStatus.ATTENDED).setOccurredAt(Instant.ofEpochMilli(1))
                .setRecordedAt(null).build();
    }

    /** Built by hand from the Avro spec, independently of any encoder. */
    private static byte[] expectedSouthBytes() {
        int[] bytes = {
            0x00,                   // magic byte
            0x00, 0x00, 0x00, 0x01, // schema id 1: the in-memory registry's first
            0x04, 's', '1',         // event_id "s1": length 2, zig-zag 4
            0x04, 'c', 's',         // clinic_id "cs"
            0x04, 'p', 's',         // program_id "ps"
            0x02, 't',              // session_id "t"
            0x02, 'y',              // client_id "y"
            0x00,                   // status ATTENDED: enum index 0
            0x02,                   // occurred_at 1 ms: zig-zag 2
            0x00};                  // recorded_at null: union branch 0
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }
}
