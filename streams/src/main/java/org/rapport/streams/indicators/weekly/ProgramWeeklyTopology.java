package org.rapport.streams.indicators.weekly;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.avro.internal.WeeklyFact;
import org.rapport.avro.internal.WeeklySession;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.4: client-week fact rows, kept as a table and summed per program week with an adder and a
 * subtractor, so a late event — however late — corrects its week exactly.
 */
public final class ProgramWeeklyTopology {

    /** The aggregate store; the query API reads it. */
    public static final String STORE = "program-weekly";

    private final TopicSerdes serdes;

    public ProgramWeeklyTopology(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    /**
     * @param facts    the client rows of program weeks ({@code program|week|client})
     * @param sessions the attended sessions of program weeks ({@code program|week|session|client})
     */
    public void addTo(KStream<String, Derived> facts, KStream<String, Derived> sessions) {
        InternalAvroSerde<WeeklyFact> factSerde = InternalAvroSerde.of(WeeklyFact.class);
        InternalAvroSerde<WeeklyAggregate> aggregateSerde = InternalAvroSerde.of(WeeklyAggregate.class);
        KTable<String, WeeklyAggregate> sums = facts.mapValues(v -> v.as(WeeklyFact.class), Named.as("weekly-fact-values"))
                .toTable(Named.as("weekly-facts"), Materialized.<String, WeeklyFact, KeyValueStore<Bytes, byte[]>>as(
                        "weekly-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .groupBy((key, fact) -> KeyValue.pair(WeeklyFacts.programWeekKey(fact.getProgramId(),
                        fact.getWeekEpochDay()), fact), Grouped.with("weekly-by-program", Serdes.String(), factSerde))
                .aggregate(WeeklyAggregates::empty, WeeklyAggregates::add, WeeklyAggregates::subtract,
                        Named.as("weekly-sum"),
                        Materialized.<String, WeeklyAggregate, KeyValueStore<Bytes, byte[]>>as("program-weekly-sums")
                                .withKeySerde(Serdes.String()).withValueSerde(aggregateSerde));
        sums.leftJoin(sessionsHeld(sessions), WeeklyAggregates::withSessionsHeld, Named.as("weekly-with-sessions"),
                        Materialized.<String, WeeklyAggregate, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(aggregateSerde))
                .toStream(Named.as("weekly-changes"))
                .mapValues(WeeklyAggregates::toOutput, Named.as("weekly-output"))
                .to(Topics.PROGRAM_WEEKLY.name(), Produced.with(Serdes.String(), serdes.of(Topics.PROGRAM_WEEKLY))
                        .withName("write-" + Topics.PROGRAM_WEEKLY.name()));
    }

    /**
     * Distinct sessions held per program week: attended clients per {@code program|week|session}, then the sessions
     * with at least one, per {@code program|week} — bounded values, whatever the number of sessions in a week.
     */
    private static KTable<String, Long> sessionsHeld(KStream<String, Derived> sessions) {
        InternalAvroSerde<WeeklySession> sessionSerde = InternalAvroSerde.of(WeeklySession.class);
        return sessions.mapValues(v -> v.as(WeeklySession.class), Named.as("weekly-session-values"))
                .toTable(Named.as("weekly-sessions"), Materialized.<String, WeeklySession, KeyValueStore<Bytes, byte[]>>as(
                        "weekly-sessions").withKeySerde(Serdes.String()).withValueSerde(sessionSerde))
                .groupBy((key, s) -> KeyValue.pair(WeeklyFacts.programWeekKey(s.getProgramId(), s.getWeekEpochDay())
                        + "|" + s.getSessionId(), s), Grouped.with("weekly-sessions-by-session", Serdes.String(), sessionSerde))
                .count(Named.as("weekly-session-clients"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(
                        "weekly-session-clients").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .groupBy((sessionKey, clients) -> KeyValue.pair(sessionKey.substring(0, sessionKey.lastIndexOf('|')),
                        clients), Grouped.with("weekly-sessions-by-week", Serdes.String(), Serdes.Long()))
                .aggregate(() -> 0L, (week, clients, held) -> held + (clients > 0 ? 1 : 0),
                        (week, clients, held) -> held - (clients > 0 ? 1 : 0), Named.as("weekly-sessions-held"),
                        Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as("weekly-sessions-held")
                                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
    }
}
