package org.rapport.streams.indicators.training;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TableJoined;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.8, training effects. The clients' rows take their counselor from the session table (a foreign-key join,
 * as for counselor alliance); the session table also tells which counselors led sessions in which programs (a
 * count per {@code counselor|program}). Those two changelogs and the trainings are repartitioned to a single
 * partition, where {@link TrainingEffectsProcessor} keeps the per-counselor rows and per-training sums. One
 * partition because a training's stacked comparison group crosses every key one could partition by (counselors,
 * programs, trainings); the stage's work per row is a few point lookups and short ranges, and its state grows with
 * sessions and ratings, the same as the counselor stage's.
 */
public final class TrainingEffectsTopology {

    private final TopicSerdes serdes;
    private final Rules rules;

    public TrainingEffectsTopology(TopicSerdes serdes, Rules rules) {
        this.serdes = serdes;
        this.rules = rules;
    }

    public void addTo(StreamsBuilder builder, KStream<String, Derived> contributions, KTable<String, SessionEvent> sessions,
                      KStream<String, TrainingEvent> trainings) {
        InternalAvroSerde<TrainingContribution> rowSerde = InternalAvroSerde.of(TrainingContribution.class);
        KStream<String, StageInput> rows = contributions
                .mapValues(v -> v.as(TrainingContribution.class), Named.as("training-contribution-values"))
                .toTable(Named.as("training-contributions"), Materialized.<String, TrainingContribution,
                        KeyValueStore<Bytes, byte[]>>as("training-contributions").withKeySerde(Serdes.String())
                        .withValueSerde(rowSerde))
                .leftJoin(sessions, TrainingContribution::getSessionId, TrainingEffectsTopology::attribute,
                        TableJoined.as("training-counselor-of-session"))
                .toStream(Named.as("training-contribution-changes"))
                .repartition(Repartitioned.<String, TrainingContribution>as("training-rows")
                        .withKeySerde(Serdes.String()).withValueSerde(rowSerde).withNumberOfPartitions(1))
                .mapValues(StageInput::row, Named.as("training-row-inputs"));
        KStream<String, StageInput> links = sessions
                .groupBy((id, s) -> KeyValue.pair(s.getCounselorId() + "|" + s.getProgramId(), id),
                        Grouped.with("training-session-links", Serdes.String(), Serdes.String()))
                .count(Named.as("training-link-count"), Materialized.<String, Long, KeyValueStore<Bytes, byte[]>>as(
                        "training-session-links").withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()))
                .toStream(Named.as("training-link-changes"))
                .repartition(Repartitioned.<String, Long>as("training-links").withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.Long()).withNumberOfPartitions(1))
                .mapValues(StageInput::link, Named.as("training-link-inputs"));
        KStream<String, StageInput> completions = trainings
                .repartition(Repartitioned.<String, TrainingEvent>as("training-completions")
                        .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(TrainingEvent.class))
                        .withNumberOfPartitions(1))
                .mapValues(StageInput::training, Named.as("training-completion-inputs"));
        TrainingStores.builders().forEach(builder::addStateStore);
        rows.merge(links, Named.as("training-inputs-1")).merge(completions, Named.as("training-inputs"))
                .process(() -> new TrainingEffectsProcessor(rules.trainingWindow()), Named.as("training-effects"),
                        TrainingStores.NAMES)
                .to(Topics.TRAINING_EFFECTS.name(), Produced.with(Serdes.String(), serdes.of(Topics.TRAINING_EFFECTS))
                        .withName("write-" + Topics.TRAINING_EFFECTS.name()));
    }

    /** A session row takes its counselor from the session (none while the session is unknown); a rating names one. */
    static TrainingContribution attribute(TrainingContribution row, SessionEvent session) {
        if (row.getSessionId() == null) {
            return row;
        }
        return TrainingContribution.newBuilder(row).setCounselorId(session == null ? "" : session.getCounselorId())
                .build();
    }
}
