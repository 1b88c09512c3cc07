package org.rapport.ingest.fhir;

import java.util.List;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Rejection;

/**
 * What a FHIR Bundle (or ndjson file) became.
 *
 * @param events        the Rapport events, in order
 * @param sourceIndexes for each event, the index of the bundle entry (or line) it came from
 * @param rejections    resources that could not be mapped, by entry index, with the FHIR element
 * @param skipped       resources that carry no Rapport event (Patients, planned encounters …)
 * @param notes         data-quality notes of accepted resources (a discharge without a reason became OTHER …)
 */
public record MappedEvents(List<IncomingEvent> events, List<Integer> sourceIndexes, List<Rejection> rejections,
                           int skipped, List<Rejection> notes) {

    public MappedEvents {
        events = List.copyOf(events);
        sourceIndexes = List.copyOf(sourceIndexes);
        rejections = List.copyOf(rejections);
        notes = List.copyOf(notes);
    }
}
