package org.rapport.streams.indicators.counselor;

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
import org.rapport.streams.indicators.sessions.SessionTable;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.7: the sessions table (latest correction per session_id) tells whose session each client fact
 * was; the attributed facts are summed per counselor with an adder and a subtractor.
 */
public final class CounselorAllianceTopology {

    /** Per counselor (the value format changed with the per-client level below, hence a new name). */
    public static final String STORE = "counselor-alliance-totals";
    /** Per counselor and client. */
    public static final String CLIENTS_STORE = "counselor-clients";

    private final TopicSerdes serdes;

    public CounselorAllianceTopology(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    /** @param sessionTable the sessions, latest correction per session_id ({@link SessionTable}) */
    public void addTo(KStream<String, Derived> facts, KTable<String, SessionEvent> sessionTable) {
        InternalAvroSerde<CounselorFact> factSerde = InternalAvroSerde.of(CounselorFact.class);
        InternalAvroSerde<CounselorAggregate> aggregateSerde = InternalAvroSerde.of(CounselorAggregate.class);
        KTable<String, CounselorFact> factTable = facts
                .mapValues(v -> v.as(CounselorFact.class), Named.as("counselor-fact-values"))
                .toTable(Named.as("counselor-facts"), Materialized.<String, CounselorFact, KeyValueStore<Bytes, byte[]>>as(
                        "counselor-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde));
        factTable.leftJoin(sessionTable, CounselorFact::getSessionId, CounselorAllianceTopology::attribute,
                        TableJoined.as("counselor-of-session"),
                        Materialized.<String, CounselorFact, KeyValueStore<Bytes, byte[]>>as("counselor-facts-attributed")
                                .withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .filter((k, f) -> !f.getCounselorId().isEmpty(), Named.as("facts-with-counselor"))
                .groupBy((k, f) -> KeyValue.pair(CounselorAggregates.counselorAndClient(f), f),
                        Grouped.with("facts-by-counselor-client", Serdes.String(), factSerde))
                .aggregate(CounselorAggregates::empty, CounselorAggregates::add, CounselorAggregates::subtract,
                        Named.as("counselor-client-sum"),
                        Materialized.<String, CounselorAggregate, KeyValueStore<Bytes, byte[]>>as(CLIENTS_STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(aggregateSerde))
                // Distinct clients are counted through the table keyed counselor|client: no value holds a set of
                // clients that grows with the counselor's case load and is rewritten on every change.
                .groupBy((k, c) -> KeyValue.pair(c.getCounselorId(), c),
                        Grouped.with("clients-by-counselor", Serdes.String(), aggregateSerde))
                .aggregate(CounselorAggregates::empty, CounselorAggregates::addClient, CounselorAggregates::subtractClient,
                        Named.as("counselor-sum"),
                        Materialized.<String, CounselorAggregate, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(aggregateSerde))
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
