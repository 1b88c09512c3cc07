package org.rapport.streams.indicators.training;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.avro.internal.TrainingContribution;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.client.Derived;
import org.rapport.streams.rules.Rules;
import org.rapport.streams.serde.InternalAvroSerde;
import org.rapport.topics.Topics;

/**
 * SPEC §5.8, training effects. The clients' rows, the session table's changes (the standing event per session_id)
 * and the trainings are repartitioned to a single partition, where {@link TrainingEffectsProcessor} gives each
 * session row the counselor of its session (and attributes the session's rows again when a correction changes
 * it), counts the sessions each counselor led per program, and keeps the per-counselor rows and per-training
 * sums. Attributing there rather than with a foreign-key join saves the join's subscription round trip per row:
 * the stage needs the sessions anyway, for who led sessions where. One
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
        KStream<String, StageInput> rows = contributions
                .mapValues(v -> v.as(TrainingContribution.class), Named.as("training-contribution-values"))
                .repartition(Repartitioned.<String, TrainingContribution>as("training-rows")
                        .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(TrainingContribution.class))
                        .withNumberOfPartitions(1))
                .mapValues(StageInput::row, Named.as("training-row-inputs"));
        KStream<String, StageInput> sessionEvents = sessions.toStream(Named.as("training-session-changes"))
                .repartition(Repartitioned.<String, SessionEvent>as("training-sessions").withKeySerde(Serdes.String())
                        .withValueSerde(InternalAvroSerde.of(SessionEvent.class)).withNumberOfPartitions(1))
                .mapValues(StageInput::session, Named.as("training-session-inputs"));
        KStream<String, StageInput> completions = trainings
                .repartition(Repartitioned.<String, TrainingEvent>as("training-completions")
                        .withKeySerde(Serdes.String()).withValueSerde(InternalAvroSerde.of(TrainingEvent.class))
                        .withNumberOfPartitions(1))
                .mapValues(StageInput::training, Named.as("training-completion-inputs"));
        TrainingStores.builders().forEach(builder::addStateStore);
        rows.merge(sessionEvents, Named.as("training-inputs-1")).merge(completions, Named.as("training-inputs"))
                .process(() -> new TrainingEffectsProcessor(rules.trainingWindow()), Named.as("training-effects"),
                        TrainingStores.NAMES)
                .to(Topics.TRAINING_EFFECTS.name(), Produced.with(Serdes.String(), serdes.of(Topics.TRAINING_EFFECTS))
                        .withName("write-" + Topics.TRAINING_EFFECTS.name()));
    }
}
