package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Rejection;
import org.rapport.programs.ProgramRegistry;
import org.rapport.validation.FieldError;

/**
 * Maps FHIR R4 resources to Rapport events (SPEC §2; the choices are documented in producers/README.md):
 * EpisodeOfCare → episode, Encounter → session (+ attendance), Appointment → attendance,
 * QuestionnaireResponse → survey. Patients only lend their medical record number (client_ref) to the others
 * and never become events; other resource types are skipped. Every problem names the FHIR element.
 */
public final class FhirMapper {

    /**
     * What resources that do not say take from where they were sent.
     *
     * @param clinicId      clinic of resources that name none (the token's clinic in the gateway, --clinic), or null
     * @param programId     program of resources without the program-id extension (?program_id=, --program), or null
     * @param programOrigin how the sender gave {@code programId}, to name it in errors ("--program")
     */
    public record Defaults(String clinicId, String programId, String programOrigin) {

        public Defaults {
            clinicId = blankToNull(clinicId);
            programId = blankToNull(programId);
        }
    }

    private final Defaults defaults;
    private final FhirMapping mapping;
    private final ProgramRegistry programs;

    /** A mapper with the shipped mapping and no program registry. */
    public FhirMapper(String defaultClinicId, String defaultProgramId) {
        this(new Defaults(defaultClinicId, defaultProgramId, "program_id"), FhirMapping.defaults(),
                ProgramRegistry.unrestricted());
    }

    /**
     * @param programs the registry that gives an episode without a level of care its program's
     */
    public FhirMapper(Defaults defaults, FhirMapping mapping, ProgramRegistry programs) {
        this.defaults = defaults;
        this.mapping = mapping;
        this.programs = programs;
    }

    /** An empty index of resources of an export, to fill before mapping its files. */
    public ExportIndex newIndex() {
        return new ExportIndex(mapping);
    }

    /** Every entry of a Bundle, with the Patients (and Encounters) of the Bundle itself; indexes are entry positions. */
    public MappedEvents mapBundle(JsonNode bundle) {
        return mapBundle(bundle, newIndex());
    }

    /** A Bundle of an export whose other resources are in {@code export}. */
    public MappedEvents mapBundle(JsonNode bundle, ExportIndex export) {
        List<JsonNode> resources = new ArrayList<>();
        List<String> fullUrls = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            resources.add(entry.path("resource"));
            fullUrls.add(text(entry, "fullUrl"));
        }
        return map(resources, fullUrls, export, "Bundle");
    }

    /** Loose resources (ndjson lines) of an export whose Patients and Encounters are in {@code export}. */
    public MappedEvents mapResources(List<JsonNode> resources, ExportIndex export) {
        List<String> fullUrls = new ArrayList<>();
        resources.forEach(r -> fullUrls.add(null));
        return map(resources, fullUrls, export, "export");
    }

    /** Loose resources that reference only each other. */
    public MappedEvents mapResources(List<JsonNode> resources) {
        return mapResources(resources, newIndex());
    }

    private MappedEvents map(List<JsonNode> resources, List<String> fullUrls, ExportIndex export, String scope) {
        ExportIndex index = export.child();
        for (int i = 0; i < resources.size(); i++) {
            index.add(resources.get(i), fullUrls.get(i));
        }
        List<IncomingEvent> events = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        List<Rejection> notes = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < resources.size(); i++) {
            ResourceMapping m = mapOne(resources.get(i), fullUrls.get(i), index, scope);
            if (!m.problems.isEmpty()) {
                for (FieldError e : m.problems) {
                    rejections.add(new Rejection(i, m.path(e.field()), e.problem()));
                }
            } else if (m.events.isEmpty()) {
                skipped++;
            } else {
                for (IncomingEvent e : m.events) {
                    events.add(e);
                    sources.add(i);
                }
                for (FieldError note : m.notes) {
                    notes.add(new Rejection(i, note.field(), note.problem()));
                }
            }
        }
        return new MappedEvents(events, sources, rejections, skipped, notes);
    }

    private ResourceMapping mapOne(JsonNode resource, String fullUrl, ExportIndex index, String scope) {
        ResourceMapping m = new ResourceMapping(resource, fullUrl, defaults, index, programs, scope);
        if (!m.problems.isEmpty()) {
            return m;
        }
        switch (m.resourceType == null ? "" : m.resourceType) {
            case "EpisodeOfCare" -> EpisodeMapping.episodeOfCare(m, mapping);
            case "Encounter" -> EncounterMapping.encounter(m);
            case "Appointment" -> EncounterMapping.appointment(m);
            case "QuestionnaireResponse" -> QuestionnaireMapping.questionnaireResponse(m, mapping);
            case "" -> m.problem("resourceType", "is missing: this is not a FHIR resource");
            default -> m.skip(m.resourceType + " carries no Rapport event");
        }
        return m;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
