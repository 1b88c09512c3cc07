package org.rapport.ingest.file;

import java.util.List;
import org.rapport.client.IncomingEvent;
import org.rapport.validation.FieldError;

/**
 * One unit of an input file that is accepted or rejected as a whole: a CSV row, a JSON line, a bundle
 * entry. It yields zero or more events (a FHIR EpisodeOfCare may give an admission and a discharge).
 *
 * @param position where it is, for the report: {@code line 12} or {@code entry 3}
 * @param events   the events it holds
 * @param problems problems found while reading it (it is then rejected)
 * @param notes    data-quality notes, should it be accepted (a discharge without a reason became OTHER)
 */
public record SourceUnit(String position, List<IncomingEvent> events, List<FieldError> problems,
                         List<FieldError> notes) {

    public SourceUnit {
        events = List.copyOf(events);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public SourceUnit(String position, List<IncomingEvent> events, List<FieldError> problems) {
        this(position, events, problems, List.of());
    }

    public static SourceUnit line(long line, List<IncomingEvent> events, List<FieldError> problems) {
        return new SourceUnit("line " + line, events, problems);
    }
}
