package org.rapport.streams.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;

/** Builds dead-letter records: the original bytes, where they came from and why they could not be used. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(String topic, int partition, long offset, DeadLetterStage stage, String reason,
                                byte[] key, byte[] value, String eventId, Instant failedAt) {
        return DeadLetter.newBuilder()
                .setSourceTopic(topic == null ? "" : topic)
                .setSourcePartition(partition)
                .setSourceOffset(offset)
                .setStage(stage)
                .setReason(reason == null || reason.isBlank() ? "unknown error" : reason)
                .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
                .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
                .setEventId(eventId)
                .setFailedAt(failedAt)
                .build();
    }

    /**
     * The message of an exception and its causes, for a reason a person can act on. A cause whose message the
     * reason already holds (wrappers often quote their cause) is not repeated.
     */
    public static String describe(Throwable t) {
        StringBuilder reason = new StringBuilder();
        for (Throwable c = t; c != null && reason.length() < 1000; c = c.getCause()) {
            String message = c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
            if (reason.indexOf(message) >= 0) {
                continue;
            }
            if (!reason.isEmpty()) {
                reason.append(": ");
            }
            reason.append(message);
        }
        return reason.toString();
    }
}
