package org.rapport.streams.clinicfeed;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.rapport.validation.Ids;

/**
 * Counts each valid input event by clinic, UTC day of its event time and type. Ticks (null values) only move the
 * pruning of old days along. Forwards nothing.
 */
final class ReceivedCounter<V extends SpecificRecord> implements Processor<String, V, Void, Void> {

    private final String storeName;
    private ProcessorContext<Void, Void> context;
    private DailyCounts counts;

    ReceivedCounter(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.context = context;
        this.counts = new DailyCounts(context.getStateStore(storeName), ClinicFeedSettings.from(context.appConfigs()).days());
    }

    @Override
    public void process(Record<String, V> record) {
        long streamTime = Math.max(context.currentStreamTimeMs(), record.timestamp());
        SpecificRecord event = record.value();
        if (event == null) {
            counts.advance(streamTime);
            return;
        }
        Object clinic = event.get(event.getSchema().getField("clinic_id").pos());
        // Validated events always carry a clinic of the id alphabet; the check keeps the key shape safe regardless.
        if (clinic != null && Ids.clinicIdProblem(clinic.toString()).isEmpty()) {
            counts.increment(clinic.toString(), FeedKeys.utcDay(record.timestamp()), FeedKeys.typeOf(event), streamTime);
        }
    }
}
