package org.rapport.streams.indicators.sessions;

import java.util.Comparator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.SessionEvent;
import org.rapport.streams.serde.InternalAvroSerde;

/**
 * The sessions table, keyed {@code session_id}: of several events for one session, the greatest
 * (recorded_at, event_id) stands, as for attendance (SPEC §2). Client facts that name a session join it to learn
 * what only the session event says: its counselor (SPEC §5.7), its type (the PEER_SUPPORT exposure of §5.6).
 */
public final class SessionTable {

    public static final String STORE = "sessions";

    /** The order of corrections: the greatest stands. */
    static final Comparator<SessionEvent> CORRECTION_ORDER = Comparator
            .comparing((SessionEvent s) -> s.getRecordedAt() != null ? s.getRecordedAt() : s.getOccurredAt())
            .thenComparing(SessionEvent::getEventId);

    private SessionTable() {
    }

    /** The table of the validated session events (ticks, null values, left out). */
    public static KTable<String, SessionEvent> of(KStream<String, SessionEvent> sessions) {
        InternalAvroSerde<SessionEvent> sessionSerde = InternalAvroSerde.of(SessionEvent.class);
        return sessions
                .filter((id, s) -> s != null, Named.as("sessions-without-ticks"))
                .groupByKey(Grouped.with("sessions-by-id", Serdes.String(), sessionSerde))
                .reduce((a, b) -> CORRECTION_ORDER.compare(a, b) >= 0 ? a : b, Named.as("session-corrections"),
                        Materialized.<String, SessionEvent, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(sessionSerde));
    }
}
