package org.rapport.streams.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.rapport.avro.DeadLetter;
import org.rapport.avro.DeadLetterStage;
import org.rapport.serde.SpecificAvroSerializer;
import org.rapport.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams error handlers that send the failing record to {@code rapport.dead-letter.v1} (with its
 * original bytes, coordinates and reason, in the same transaction) and keep the application running.
 */
public final class DeadLetterHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

    private DeadLetterHandlers() {
    }

    /** Shared: encodes the dead letter with the registry serde configured from the Streams properties. */
    abstract static class Base {
        private final SpecificAvroSerializer<DeadLetter> serializer = new SpecificAvroSerializer<>();

        public void configure(Map<String, ?> configs) {
            serializer.configure(configs, false);
        }

        List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext ctx, DeadLetterStage stage,
                                                        Exception error) {
            String reason = DeadLetters.describe(error);
            if (Topics.DEAD_LETTER.name().equals(ctx.topic())) {
                // The topology reads dead letters back (the clinic feed): one it cannot use is skipped, never
                // dead-lettered again, which could loop.
                LOG.warn("Skipping dead letter {}-{}@{} that could not be read back: {}", ctx.topic(), ctx.partition(),
                        ctx.offset(), reason);
                return List.of();
            }
            LOG.warn("Dead-lettering {}-{}@{} at stage {}: {}", ctx.topic(), ctx.partition(), ctx.offset(), stage,
                    reason);
            Instant now = Instant.now();
            DeadLetter letter = DeadLetters.of(ctx.topic(), ctx.partition(), ctx.offset(), stage, reason,
                    ctx.sourceRawKey(), ctx.sourceRawValue(), null, now);
            String topic = Topics.DEAD_LETTER.name();
            // Stamped with the wall clock of the failure, not the record's own time: an event dead-lettered for lying
            // in the future would otherwise be refused by the broker, failing the stream thread again and again.
            // (Explicitly rather than null: the topology reads dead letters back, and a test driver needs the time.)
            return List.of(new ProducerRecord<>(topic, null, now.toEpochMilli(), ctx.sourceRawKey(),
                    serializer.serialize(topic, letter)));
        }
    }

    /** Bytes that are not in the wire format, or an unknown schema id. */
    public static final class Deserialization extends Base implements DeserializationExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                    Exception exception) {
            return Response.resume(deadLetter(context, DeadLetterStage.DESERIALIZATION, exception));
        }
    }

    /** An invalid event, or an unexpected failure while processing a record: it is set aside, the rest goes on. */
    public static final class Processing extends Base implements ProcessingExceptionHandler {
        @Override
        public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
            DeadLetterStage stage = exception instanceof InvalidEventException ? DeadLetterStage.VALIDATION
                    : DeadLetterStage.PROCESSING;
            return Response.resume(deadLetter(context, stage, exception));
        }
    }
}
