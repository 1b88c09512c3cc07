package org.rapport.streams.indicators.weekly;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.WeeklyAggregate;
import org.rapport.avro.internal.WeeklyFact;
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

    public void addTo(KStream<String, Derived> facts) {
        InternalAvroSerde<WeeklyFact> factSerde = InternalAvroSerde.of(WeeklyFact.class);
        facts.mapValues(v -> v.as(WeeklyFact.class), Named.as("weekly-fact-values"))
                .toTable(Named.as("weekly-facts"), Materialized.<String, WeeklyFact, KeyValueStore<Bytes, byte[]>>as(
                        "weekly-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .groupBy((key, fact) -> KeyValue.pair(WeeklyFacts.programWeekKey(fact.getProgramId(),
                        fact.getWeekEpochDay()), fact), Grouped.with("weekly-by-program", Serdes.String(), factSerde))
                .aggregate(WeeklyAggregates::empty, WeeklyAggregates::add, WeeklyAggregates::subtract,
                        Named.as("weekly-sum"),
                        Materialized.<String, WeeklyAggregate, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(WeeklyAggregate.class)))
                .toStream(Named.as("weekly-changes"))
                .mapValues(WeeklyAggregates::toOutput, Named.as("weekly-output"))
                .to(Topics.PROGRAM_WEEKLY.name(), Produced.with(Serdes.String(), serdes.of(Topics.PROGRAM_WEEKLY))
                        .withName("write-" + Topics.PROGRAM_WEEKLY.name()));
    }
}
