package org.rapport.streams.indicators.alliance;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SessionType;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.avro.internal.AllianceSession;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.6: episodes banded by their CARE, WAI-SR or SCS-SF episode mean, or by their attended peer-support
 * sessions, summed per program|instrument|band and, over every program, per ALL|instrument|band.
 *
 * <p>Peer support: the client stage sends each episode's attended sessions ({@code episode|session_id}); a foreign-key
 * join with the session table marks those of type PEER_SUPPORT (of the episode's clinic), a count per episode
 * follows, and the episode's PEER_SUPPORT row takes its band from that count. A session event that comes late, or a
 * correction of its type, moves the episode to its band through the join, and the sums follow with their subtractor.
 */
public final class AllianceOutcomeTopology {

    public static final String STORE = "alliance-outcomes";
    public static final String STORE_ALL = "alliance-outcomes-all";
    public static final String ALL_PROGRAMS = "ALL";

    /** The store of the attended peer-support sessions per episode, keyed like the episode's PEER_SUPPORT row. */
    public static final String PEER_SESSIONS_STORE = "alliance-peer-sessions";

    private final TopicSerdes serdes;
    private final Rules rules;

    public AllianceOutcomeTopology(TopicSerdes serdes, Rules rules) {
        this.serdes = serdes;
        this.rules = rules;
    }

    public static String outcomeKey(String programId, String instrument, String band) {
        return programId + "|" + instrument + "|" + band;
    }

    /**
     * @param facts        the episodes' rows ({@link AllianceFacts#ofEpisode})
     * @param sessions     the episodes' attended sessions ({@link AllianceFacts#sessionsOfEpisode})
     * @param sessionTable the sessions, latest correction per session_id
     */
    public void addTo(KStream<String, Derived> facts, KStream<String, Derived> sessions,
                      KTable<String, SessionEvent> sessionTable) {
        InternalAvroSerde<AllianceFact> factSerde = InternalAvroSerde.of(AllianceFact.class);
        KTable<String, AllianceFact> table = facts.mapValues(v -> v.as(AllianceFact.class), Named.as("alliance-fact-values"))
                .toTable(Named.as("alliance-facts"), Materialized.<String, AllianceFact, KeyValueStore<Bytes, byte[]>>as(
                        "alliance-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde));
        Rules.AllianceBands bands = rules.allianceBands();
        // Materialized (and cached), so that the band sums below are told, as the old value, exactly the row they
        // were given before: an unmaterialized join recomputes the old row from the other side's current value,
        // which a cache flush may already have changed - the killed-and-restarted runs of StreamsKilledTest then
        // subtracted an episode from a band it had never been added to.
        KTable<String, AllianceFact> banded = table.leftJoin(peerSessions(sessions, sessionTable),
                (fact, peerSessions) -> AllianceFacts.withPeerSupport(fact, peerSessions, bands),
                Named.as("alliance-peer-support-band"),
                Materialized.<String, AllianceFact, KeyValueStore<Bytes, byte[]>>as("alliance-facts-banded")
                        .withKeySerde(Serdes.String()).withValueSerde(factSerde));
        sum(banded, false, STORE, factSerde);
        sum(banded, true, STORE_ALL, factSerde);
    }

    /** Per episode (keyed like its PEER_SUPPORT row), the attended sessions that the session table says are peer support. */
    private KTable<String, Long> peerSessions(KStream<String, Derived> sessions, KTable<String, SessionEvent> sessionTable) {
        InternalAvroSerde<AllianceSession> sessionSerde = InternalAvroSerde.of(AllianceSession.class);
        return sessions.mapValues(v -> v.as(AllianceSession.class), Named.as("alliance-session-values"))
                .toTable(Named.as("alliance-sessions"), Materialized.<String, AllianceSession, KeyValueStore<Bytes, byte[]>>as(
                        "alliance-sessions").withKeySerde(Serdes.String()).withValueSerde(sessionSerde))
                .leftJoin(sessionTable, AllianceSession::getSessionId, AllianceOutcomeTopology::typed,
                        TableJoined.as("alliance-session-type"),
                        Materialized.<String, AllianceSession, KeyValueStore<Bytes, byte[]>>as("alliance-sessions-typed")
                                .withKeySerde(Serdes.String()).withValueSerde(sessionSerde))
                .filter((k, s) -> s.getPeerSupport(), Named.as("alliance-peer-sessions-only"))
                .groupBy((k, s) -> KeyValue.pair(s.getEpisode(), s),
                        Grouped.with(PEER_SESSIONS_STORE + "-by-episode", Serdes.String(), sessionSerde))
                .count(Named.as(PEER_SESSIONS_STORE + "-count"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(PEER_SESSIONS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    }

    /** An attended session is peer support when its session event (of the same clinic) says so. */
    static AllianceSession typed(AllianceSession attended, SessionEvent session) {
        boolean peer = session != null && session.getSessionType() == SessionType.PEER_SUPPORT
                && session.getClinicId().equals(attended.getClinicId());
        return AllianceSession.newBuilder(attended).setPeerSupport(peer).build();
    }

    private void sum(KTable<String, AllianceFact> table, boolean allPrograms, String store,
                     InternalAvroSerde<AllianceFact> factSerde) {
        table.groupBy((key, f) -> KeyValue.pair(outcomeKey(allPrograms ? ALL_PROGRAMS : f.getProgramId(),
                                f.getInstrument(), f.getBand()), f),
                        Grouped.with(store + "-by-band", Serdes.String(), factSerde))
                .aggregate(AllianceAggregates::empty,
                        (k, f, agg) -> AllianceAggregates.apply(f, agg, 1, allPrograms),
                        (k, f, agg) -> AllianceAggregates.apply(f, agg, -1, allPrograms),
                        Named.as(store + "-sum"),
                        Materialized.<String, AllianceAggregate, KeyValueStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(AllianceAggregate.class)))
                .toStream(Named.as(store + "-changes"))
                .mapValues(AllianceAggregates::toOutput, Named.as(store + "-output"))
                .to(Topics.ALLIANCE_OUTCOMES.name(), Produced.with(Serdes.String(), serdes.of(Topics.ALLIANCE_OUTCOMES))
                        .withName("write-" + store));
    }
}
