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
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.internal.AllianceAggregate;
import org.rapport.avro.internal.AllianceFact;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.6: episodes banded by CARE or WAI-SR episode mean, summed per program|instrument|band and, over
 * every program, per ALL|instrument|band.
 */
public final class AllianceOutcomeTopology {

    public static final String STORE = "alliance-outcomes";
    public static final String STORE_ALL = "alliance-outcomes-all";
    public static final String ALL_PROGRAMS = "ALL";

    private final TopicSerdes serdes;

    public AllianceOutcomeTopology(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    public static String outcomeKey(String programId, String instrument, String band) {
        return programId + "|" + instrument + "|" + band;
    }

    public void addTo(KStream<String, Derived> facts) {
        InternalAvroSerde<AllianceFact> factSerde = InternalAvroSerde.of(AllianceFact.class);
        KTable<String, AllianceFact> table = facts.mapValues(v -> v.as(AllianceFact.class), Named.as("alliance-fact-values"))
                .toTable(Named.as("alliance-facts"), Materialized.<String, AllianceFact, KeyValueStore<Bytes, byte[]>>as(
                        "alliance-facts").withKeySerde(Serdes.String()).withValueSerde(factSerde));
        sum(table, false, STORE, factSerde);
        sum(table, true, STORE_ALL, factSerde);
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
