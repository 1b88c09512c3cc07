package org.rapport.streams.indicators.cohorts;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.CohortAggregate;
import org.rapport.avro.internal.EpisodeFact;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/** SPEC §5.5: per-episode facts summed per program and admission month (adder and subtractor). */
public final class CohortTopology {

    public static final String STORE = "cohorts";

    private final TopicSerdes serdes;
    private final CohortAggregates aggregates;

    public CohortTopology(TopicSerdes serdes, Rules rules) {
        this.serdes = serdes;
        this.aggregates = new CohortAggregates(rules.retentionDays().size());
    }

    public static String cohortKey(String programId, String month) {
        return programId + "|" + month;
    }

    public void addTo(KStream<String, Derived> facts) {
        InternalAvroSerde<EpisodeFact> factSerde = InternalAvroSerde.of(EpisodeFact.class);
        facts.mapValues(v -> v.as(EpisodeFact.class), Named.as("episode-fact-values"))
                .toTable(Named.as("episode-facts"), Materialized.<String, EpisodeFact, KeyValueStore<Bytes, byte[]>>as(
                        "episode-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde))
                .groupBy((key, f) -> KeyValue.pair(cohortKey(f.getProgramId(), f.getMonth()), f),
                        Grouped.with("episodes-by-cohort", Serdes.String(), factSerde))
                .aggregate(aggregates::empty, aggregates::add, aggregates::subtract, Named.as("cohort-sum"),
                        Materialized.<String, CohortAggregate, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(CohortAggregate.class)))
                .toStream(Named.as("cohort-changes"))
                .mapValues(CohortAggregates::toOutput, Named.as("cohort-output"))
                .to(Topics.COHORTS.name(), Produced.with(Serdes.String(), serdes.of(Topics.COHORTS))
                        .withName("write-" + Topics.COHORTS.name()));
    }
}
