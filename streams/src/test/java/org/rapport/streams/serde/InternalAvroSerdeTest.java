package org.rapport.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.AttendanceStatus;

/** Issue 9, item 1's bug class audited in the topology's own serde: a failed write leaves nothing behind. */
class InternalAvroSerdeTest {

    private final InternalAvroSerde<AttendanceEvent> serde = InternalAvroSerde.of(AttendanceEvent.class);

    @Test
    void aRecordWrittenAfterAFailedOneIsExactlyItsOwnBytes() {
        AttendanceEvent good = event("s1", Instant.ofEpochMilli(1));
        byte[] alone = serde.toBytes(good);

        assertThatThrownBy(() -> serde.toBytes(event("north-" + "n".repeat(60), Instant.parse("-999999999-01-01T00:00:00Z"))))
                .isInstanceOf(SerializationException.class);

        assertThat(serde.toBytes(good)).containsExactly(alone);
        assertThat(serde.fromBytes(serde.toBytes(good))).isEqualTo(good);
    }

    private static AttendanceEvent event(String eventId, Instant at) {
        return AttendanceEvent.newBuilder().setEventId(eventId).setClinicId("c").setProgramId("p").setSessionId("s")
                .setClientId("x").setStatus(AttendanceStatus.ATTENDED).setOccurredAt(at).setRecordedAt(null).build();
    }
}
