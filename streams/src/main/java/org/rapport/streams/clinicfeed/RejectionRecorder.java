package org.rapport.streams.clinicfeed;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.rapport.avro.DeadLetter;
import org.rapport.streams.TopicSerdes;
import org.rapport.topics.Topic;
import org.rapport.topics.Topics;
import org.rapport.validation.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads dead letters back: one whose original value decodes to an input event naming a clinic is counted for that
 * clinic (day of failure, type of its source topic) and kept in the clinic's list of recent rejections, without its
 * key and value bytes. Bytes that do not decode (stage {@code DESERIALIZATION}) name no clinic and are only in the
 * topic. Never throws on a record's content: a failure here must not dead-letter the dead letter again.
 */
final class RejectionRecorder implements Processor<byte[], DeadLetter, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(RejectionRecorder.class);

    private final TopicSerdes serdes;
    private ProcessorContext<Void, Void> context;
    private DailyCounts counts;
    private KeyValueStore<String, DeadLetter> recent;
    private int kept;

    RejectionRecorder(TopicSerdes serdes) {
        this.serdes = serdes;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        ClinicFeedSettings settings = ClinicFeedSettings.from(context.appConfigs());
        this.counts = new DailyCounts(context.getStateStore(ClinicFeedTopology.REJECTED), settings.days());
        this.recent = context.getStateStore(ClinicFeedTopology.REJECTIONS);
        this.kept = settings.rejectionsKept();
    }

    @Override
    public void process(Record<byte[], DeadLetter> record) {
        DeadLetter letter = record.value();
        if (letter == null) {
            return;
        }
        Optional<SpecificRecord> event = decode(letter);
        Optional<String> clinic = event.flatMap(e -> text(e, "clinic_id")).filter(c -> Ids.clinicIdProblem(c).isEmpty());
        if (clinic.isEmpty()) {
            return;
        }
        long streamTime = Math.max(context.currentStreamTimeMs(), letter.getFailedAt().toEpochMilli());
        counts.increment(clinic.get(), FeedKeys.utcDay(letter.getFailedAt().toEpochMilli()),
                FeedKeys.typeOfTopic(letter.getSourceTopic()), streamTime);
        // The event id, when the handler could not tell it, from the decoded event: the clinic's handle on it.
        DeadLetter reasonOnly = DeadLetter.newBuilder(letter).setOriginalKey(null).setOriginalValue(null)
                .setEventId(letter.getEventId() != null ? letter.getEventId() : text(event.get(), "event_id").orElse(null))
                .build();
        recent.put(FeedKeys.rejection(clinic.get(), letter.getFailedAt(), letter.getSourceTopic(),
                letter.getSourcePartition(), letter.getSourceOffset()), reasonOnly);
        keepNewest(clinic.get());
    }

    /** Deletes the clinic's oldest entries beyond the kept number (keys sort oldest first). */
    private void keepNewest(String clinic) {
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<String, DeadLetter> entries = recent.range(FeedKeys.first(clinic), FeedKeys.afterLast(clinic))) {
            entries.forEachRemaining(e -> keys.add(e.key));
        }
        for (int i = 0; i < keys.size() - kept; i++) {
            recent.delete(keys.get(i));
        }
    }

    /** The original event, when its bytes decode as the source topic's events. */
    private Optional<SpecificRecord> decode(DeadLetter letter) {
        ByteBuffer value = letter.getOriginalValue();
        Topic<? extends SpecificRecord> topic = Topics.INPUTS.stream()
                .filter(t -> t.name().equals(letter.getSourceTopic())).findFirst().orElse(null);
        if (value == null || topic == null) {
            return Optional.empty();
        }
        try {
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            return Optional.ofNullable(serdes.of(topic).deserializer().deserialize(topic.name(), bytes));
        } catch (RuntimeException undecodable) {
            LOG.debug("A dead letter from {} names no clinic: {}", letter.getSourceTopic(), undecodable.toString());
            return Optional.empty();
        }
    }

    private static Optional<String> text(SpecificRecord event, String field) {
        Schema.Field f = event.getSchema().getField(field);
        Object value = f == null ? null : event.get(f.pos());
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }
}
