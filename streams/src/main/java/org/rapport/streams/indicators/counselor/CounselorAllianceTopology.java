package org.rapport.streams.indicators.counselor;

import java.util.Comparator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.internal.CounselorAggregate;
import org.rapport.avro.internal.CounselorFact;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.7: the sessions table (latest correction per session_id) tells whose session each client fact
 * was; the attributed facts are summed per counselor with an adder and a subtractor.
 */
public final class CounselorAllianceTopology {

    public static final String STORE = "counselor-alliance";
    public static final String SESSIONS_STORE = "sessions";

    /** Of several events for one session, the greatest (recorded_at, event_id) stands, as for attendance. */
    static final Comparator<SessionEvent> CORRECTION_ORDER = Comparator
            .comparing((SessionEvent s) -> s.getRecordedAt() != null ? s.getRecordedAt() : s.getOccurredAt())
            .thenComparing(SessionEvent::getEventId);

    private final TopicSerdes serdes;

    public CounselorAllianceTopology(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    /**
     * The sessions table (latest correction per session_id), shared by the stages that need a session's counselor
     * (this one and training effects, SPEC §5.8).
     */
    public static KTable<String, SessionEvent> sessionTable(KStream<String, SessionEvent> sessions) {
        InternalAvroSerde<SessionEvent> sessionSerde = InternalAvroSerde.of(SessionEvent.class);
        return sessions
                .filter((id, s) -> s != null, Named.as("sessions-without-ticks"))
                .groupByKey(Grouped.with("sessions-by-id", Serdes.String(), sessionSerde))
                .reduce((a, b) -> CORRECTION_ORDER.compare(a, b) >= 0 ? a : b, Named.as("session-corrections"),
                        Materialized.<String, SessionEvent, KeyValueStore<Bytes, byte[]>>as(SESSIONS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(sessionSerde));
    }

    public void addTo(KStream<String, Derived> facts, KTable<String, SessionEvent> sessionTable) {
        InternalAvroSerde<CounselorFact> factSerde = InternalAvroSerde.of(CounselorFact.class);
        KTable<String, CounselorFact> factTable = facts
                .mapValues(v -> v.as(CounselorFact.class), Named.as("counselor-fact-values"))
                .toTable(Named.as("counselor-facts"), Materialized.<String, CounselorFact, KeyValueStore<Bytes, byte[]>>as(
                        "counselor-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde));
        factTable.leftJoin(sessionTable, CounselorFact::getSessionId, CounselorAllianceTopology::attribute,
                        TableJoined.as("counselor-of-session"),
                        Materialized.<String, CounselorFact, KeyValueStore<Bytes, byte[]>>as("counselor-facts-attributed")
                                .withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .filter((k, f) -> !f.getCounselorId().isEmpty(), Named.as("facts-with-counselor"))
                .groupBy((k, f) -> KeyValue.pair(f.getCounselorId(), f),
                        Grouped.with("facts-by-counselor", Serdes.String(), factSerde))
                .aggregate(CounselorAggregates::empty, CounselorAggregates::add, CounselorAggregates::subtract,
                        Named.as("counselor-sum"),
                        Materialized.<String, CounselorAggregate, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(CounselorAggregate.class)))
                .toStream(Named.as("counselor-changes"))
                .mapValues(CounselorAggregates::toOutput, Named.as("counselor-output"))
                .to(Topics.COUNSELOR_ALLIANCE.name(), Produced.with(Serdes.String(), serdes.of(Topics.COUNSELOR_ALLIANCE))
                        .withName("write-" + Topics.COUNSELOR_ALLIANCE.name()));
    }

    /** A session fact takes its counselor from the session; a rating already names one. */
    static CounselorFact attribute(CounselorFact fact, SessionEvent session) {
        if (fact.getSessionId() == null) {
            return fact;
        }
        return CounselorFact.newBuilder(fact).setCounselorId(session == null ? "" : session.getCounselorId()).build();
    }
}
