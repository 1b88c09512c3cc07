package org.rapport.streams.ingest;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.rapport.topics.Ticks;
import org.rapport.validation.EventValidator;
import org.rapport.validation.FieldError;

/**
 * Validates events that reached Kafka directly (SPEC §2, "and again in the topology"). A valid event or a tick
 * passes on unchanged. An invalid one raises {@link InvalidEventException}, which the processing exception
 * handler turns into a dead letter carrying the record's original bytes and coordinates — Streams hands
 * those to the handler, and to no processor.
 */
public final class InputValidator implements FixedKeyProcessor<String, SpecificRecord, SpecificRecord> {

    private final EventValidator validator;
    private final Clock wallClock;
    private FixedKeyProcessorContext<String, SpecificRecord> context;

    public InputValidator(EventValidator validator, Clock wallClock) {
        this.validator = validator;
        this.wallClock = wallClock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        if (value == null) {
            if (!Ticks.isTick(record.headers(), null)) {
                throw new InvalidEventException("value: a null value that is not a tick");
            }
            context.forward(record);
            return;
        }
        List<FieldError> errors = validator.validate(value, wallClock.instant());
        if (!errors.isEmpty()) {
            throw new InvalidEventException(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        }
        context.forward(record);
    }
}
