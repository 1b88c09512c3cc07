package org.rapport.ingest.file;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rapport.client.Converted;
import org.rapport.client.EventConverter;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Outgoing;
import org.rapport.ingest.fhir.ExportIndex;
import org.rapport.ingest.fhir.FhirMapper;
import org.rapport.ingest.fhir.FhirMapping;
import org.rapport.validation.FieldError;

/**
 * One clinic's file, read and checked unit by unit (CSV row, JSON line, bundle entry) exactly as
 * {@code rapport import} reads it — the same formats, validation and pseudonymisation — but with a clinic's rules:
 * every event must be that clinic's, and a file may not carry ticks (they move event time for every clinic). A unit
 * with any problem is refused whole; the others are ready to be written.
 */
public final class FileCheck {

    private FileCheck() {
    }

    /** A problem of one unit, for the sender: where (never what) and why. */
    public record Problem(String position, String field, String problem) {
    }

    /**
     * What checking a file found.
     *
     * @param read     units read
     * @param accepted units whose events are all valid
     * @param rejected units refused
     * @param skipped  units that carry no event (FHIR Patients, planned encounters …)
     * @param ready    the accepted units' events, converted (pseudonymised), in file order
     * @param byType   accepted events by type
     * @param problems every problem, in file order
     * @param notes    data-quality notes of accepted units (e.g. a discharge without a reason became OTHER)
     */
    public record Result(long read, long accepted, long rejected, long skipped, List<Outgoing> ready,
                         Map<String, Integer> byType, List<Problem> problems, List<Problem> notes) {
    }

    /** True when the file's name says a format Rapport reads (.csv, .jsonl, .ndjson, .json). */
    public static boolean supported(String fileName) {
        return FileFormats.supported(fileName);
    }

    /**
     * @param clinicId  the clinic the file belongs to; it is also the clinic of FHIR resources that name none
     * @param programId the program of FHIR resources without the program-id extension, or null
     * @param mapping   how FHIR resources map to events (questionnaires, codes)
     */
    public static Result check(String fileName, byte[] content, String clinicId, String programId,
                               EventConverter converter, FhirMapping mapping) {
        FhirMapper mapper = new FhirMapper(new FhirMapper.Defaults(clinicId, programId, "program_id (query parameter)"),
                mapping, converter.programs());
        FileFormats formats = new FileFormats(mapper);
        Tally tally = new Tally(clinicId, converter);
        try {
            // Two passes, as the importer's: a bundle or export lends its Patients' record numbers to the rest.
            ExportIndex export = mapper.newIndex();
            formats.index(fileName, new ByteArrayInputStream(content), export);
            formats.read(fileName, new ByteArrayInputStream(content), export, tally::accept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(tally.read, tally.accepted, tally.rejected, tally.skipped, List.copyOf(tally.ready),
                tally.byType, List.copyOf(tally.problems), List.copyOf(tally.notes));
    }

    private static final class Tally {
        final String clinicId;
        final EventConverter converter;
        final List<Outgoing> ready = new ArrayList<>();
        final Map<String, Integer> byType = new TreeMap<>();
        final List<Problem> problems = new ArrayList<>();
        final List<Problem> notes = new ArrayList<>();
        long read;
        long accepted;
        long rejected;
        long skipped;

        Tally(String clinicId, EventConverter converter) {
            this.clinicId = clinicId;
            this.converter = converter;
        }

        void accept(SourceUnit unit) {
            read++;
            List<FieldError> found = new ArrayList<>(unit.problems());
            List<Outgoing> converted = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (IncomingEvent event : unit.events()) {
                found.addAll(clinicRules(event));
                Converted c = converter.convert(event);
                if (c.isOk()) {
                    converted.add(c.outgoing());
                    types.add(event.type());
                } else {
                    found.addAll(c.errors());
                }
            }
            if (!found.isEmpty()) {
                rejected++;
                found.forEach(p -> problems.add(new Problem(unit.position(), p.field(), p.problem())));
            } else if (converted.isEmpty()) {
                skipped++;
            } else {
                accepted++;
                ready.addAll(converted);
                types.forEach(t -> byType.merge(t, 1, Integer::sum));
                unit.notes().forEach(n -> notes.add(new Problem(unit.position(), n.field(), n.problem())));
            }
        }

        private List<FieldError> clinicRules(IncomingEvent event) {
            if ("tick".equals(event.type())) {
                return List.of(new FieldError("type", "a file may not carry ticks (they move event time for every clinic)"));
            }
            String clinic = event.get("clinic_id");
            if (clinic != null && !clinic.equals(clinicId)) {
                return List.of(new FieldError("clinic_id", "belongs to clinic " + clinic + "; this upload is clinic "
                        + clinicId + "'s"));
            }
            return List.of();
        }
    }
}
