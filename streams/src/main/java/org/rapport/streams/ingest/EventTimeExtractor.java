package org.rapport.streams.ingest;

import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
import org.rapport.avro.TrainingEvent;
import org.rapport.topics.Ticks;

/**
 * Event time for every input record (SPEC §3): {@code occurred_at} read from the value, so records written by
 * any client carry event time whatever their Kafka timestamp; a tick's instant from its header. Anything else
 * keeps its Kafka timestamp (never negative, so Streams never drops it) and is dead-lettered downstream.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        Object value = record.value();
        if (value instanceof EpisodeEvent e) {
            return eventTime(e.getOccurredAt(), record, partitionTime);
        }
        if (value instanceof AttendanceEvent a) {
            return eventTime(a.getOccurredAt(), record, partitionTime);
        }
        if (value instanceof SurveyEvent s) {
            return eventTime(s.getOccurredAt(), record, partitionTime);
        }
        if (value instanceof SessionEvent s) {
            return eventTime(s.getOccurredAt(), record, partitionTime);
        }
        if (value instanceof TrainingEvent t) {
            return eventTime(t.getOccurredAt(), record, partitionTime);
        }
        if (Ticks.isTick(record.headers(), value)) {
            try {
                return Ticks.instant(record.headers()).toEpochMilli();
            } catch (RuntimeException unreadableTick) {
                return fallback(record, partitionTime);
            }
        }
        return fallback(record, partitionTime);
    }

    /**
     * {@code occurred_at}, unless it lies before 1970: Streams would skip a record with a negative timestamp with no
     * more than a log line, so such a record keeps a usable time and the validator dead-letters it instead.
     */
    private static long eventTime(Instant occurredAt, ConsumerRecord<Object, Object> record, long partitionTime) {
        long millis = occurredAt.toEpochMilli();
        return millis >= 0 ? millis : fallback(record, partitionTime);
    }

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
