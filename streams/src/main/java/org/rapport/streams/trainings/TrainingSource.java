package org.rapport.streams.trainings;

import java.time.Clock;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.rapport.avro.TrainingEvent;
import org.rapport.streams.TopicSerdes;
import org.rapport.streams.ingest.EventTimeExtractor;
import org.rapport.streams.ingest.InputValidator;
import org.rapport.topics.Topics;
import org.rapport.validation.EventValidator;

/**
 * The trainings topic ({@code rapport.trainings.v1}, key {@code counselor_id}) as a validated stream, for the
 * training-effects stage (SPEC §5.8) to consume. Records are read with event time ({@code occurred_at}, the
 * completion) and judged by the shared {@link EventValidator}, like every input: bytes that do not decode and
 * invalid trainings go to {@code rapport.dead-letter.v1} through the dead-letter exception handlers, with their
 * original bytes, coordinates and reason. It is not part of the client stage: trainings name no client.
 */
public final class TrainingSource {

    private final TopicSerdes serdes;
    private final EventValidator validator;
    private final Clock wallClock;

    public TrainingSource(TopicSerdes serdes, EventValidator validator, Clock wallClock) {
        this.serdes = serdes;
        this.validator = validator;
        this.wallClock = wallClock;
    }

    /**
     * Adds the source and its validation to {@code builder}.
     *
     * @return the valid trainings keyed by counselor_id; ticks (SPEC §5.1) pass as null values, so a consumer can
     *         let them advance stream time or filter them out
     */
    public KStream<String, TrainingEvent> addTo(StreamsBuilder builder) {
        FixedKeyProcessorSupplier<String, SpecificRecord, SpecificRecord> validate =
                () -> new InputValidator(validator, wallClock);
        return builder.stream(Topics.TRAININGS.name(), Consumed.with(Serdes.String(), serdes.of(Topics.TRAININGS))
                        .withTimestampExtractor(new EventTimeExtractor()).withName("read-" + Topics.TRAININGS.name()))
                .processValues(validate, Named.as("validate-trainings"))
                .mapValues(v -> (TrainingEvent) v, Named.as("training-values"));
    }
}
