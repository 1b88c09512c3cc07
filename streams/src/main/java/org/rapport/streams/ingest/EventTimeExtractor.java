package org.rapport.streams.ingest;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;
import org.rapport.avro.AttendanceEvent;
import org.rapport.avro.EpisodeEvent;
import org.rapport.avro.SessionEvent;
import org.rapport.avro.SurveyEvent;
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
            return e.getOccurredAt().toEpochMilli();
        }
        if (value instanceof AttendanceEvent a) {
            return a.getOccurredAt().toEpochMilli();
        }
        if (value instanceof SurveyEvent s) {
            return s.getOccurredAt().toEpochMilli();
        }
        if (value instanceof SessionEvent s) {
            return s.getOccurredAt().toEpochMilli();
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

    private static long fallback(ConsumerRecord<Object, Object> record, long partitionTime) {
        return record.timestamp() >= 0 ? record.timestamp() : Math.max(0, partitionTime);
    }
}
