package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.rapport.client.IncomingEvent;
import org.rapport.programs.Program;
import org.rapport.programs.ProgramRegistry;
import org.rapport.validation.FieldError;

/**
 * The mapping of one resource in progress: its identity, clinic and program, the events made, the problems met
 * (fields relative to the resource: {@code period.start}) and the data-quality notes of what was accepted.
 */
final class ResourceMapping {

    final JsonNode resource;
    final String resourceType;
    final String fullUrl;
    final ExportIndex index;
    private final String identity;
    private final String version;
    private final String clinicId;
    private final String clinicElement;
    private final String programId;
    private final String programElement;
    private final ProgramRegistry programs;
    private final String scope;
    final List<IncomingEvent> events = new ArrayList<>();
    final List<FieldError> problems = new ArrayList<>();
    final List<FieldError> notes = new ArrayList<>();
    String skipped;

    /** @param scope what the resource came in, for messages: "Bundle" or "export" */
    ResourceMapping(JsonNode resource, String fullUrl, FhirMapper.Defaults defaults, ExportIndex index,
                    ProgramRegistry programs, String scope) {
        this.resource = resource;
        this.scope = scope;
        this.resourceType = text(resource, "resourceType");
        this.fullUrl = fullUrl;
        this.index = index;
        this.programs = programs;
        String id = text(resource, "id");
        this.identity = id != null ? id : fullUrl;
        this.version = text(resource.path("meta"), "versionId");
        String clinicExtension = FhirResources.extension(resource, FhirCodes.CLINIC_ID);
        String organizationField = organizationField(resource);
        String organization = organizationField == null ? null
                : text(resource.path(organizationField).path("identifier"), "value");
        this.clinicId = firstNonNull(clinicExtension, organization, defaults.clinicId());
        this.clinicElement = clinicExtension != null ? path("extension:clinic-id")
                : organization != null ? path(organizationField + ".identifier") : null;
        String programExtension = FhirResources.extension(resource, FhirCodes.PROGRAM_ID);
        this.programId = firstNonNull(programExtension, defaults.programId());
        this.programElement = programExtension != null || defaults.programId() == null ? path("extension:program-id")
                : defaults.programOrigin();
        if (identity == null) {
            problem("id", "is missing and the entry has no fullUrl: add the resource id (a stable event_id is made "
                    + "from it)");
        }
    }

    /** The full element path of a field of this resource: {@code EpisodeOfCare.period.start}. */
    String path(String field) {
        return (resourceType == null ? "resource" : resourceType) + "." + field;
    }

    /** A new event of this resource with the common fields and their sources set; {@code part} tells its events apart. */
    IncomingEvent.Builder event(String type, String part) {
        IncomingEvent.Builder b = IncomingEvent.builder(type)
                .set("event_id", identity == null ? null : FhirResources.eventId(resourceType, identity, version, part))
                .set("clinic_id", clinicId)
                .set("program_id", programId)
                .set("recorded_at", FhirResources.instant(text(resource.path("meta"), "lastUpdated")))
                .source("event_id", path("id"), null)
                .source("recorded_at", path("meta.lastUpdated"), null)
                .source("program_id", programElement, programId != null ? null : "add the extension "
                        + FhirCodes.PROGRAM_ID + " (valueString), or name the program with ?program_id= (HTTP) or "
                        + "--program (import)");
        if (clinicElement != null) {
            b.source("clinic_id", clinicElement, null);
        } else if (clinicId == null) {
            b.source("clinic_id", path("extension:clinic-id"), "add the extension " + FhirCodes.CLINIC_ID
                    + " (valueString) or an identifier on managingOrganization / serviceProvider, or import with --clinic");
        }
        return b;
    }

    void add(IncomingEvent.Builder event) {
        events.add(event.build());
    }

    void problem(String field, String problem) {
        problems.add(new FieldError(field, problem));
    }

    /** Something accepted, but not as the sender meant it (counted and reported as a data-quality note). */
    void note(String field, String note) {
        notes.add(new FieldError(path(field), note));
    }

    void skip(String why) {
        skipped = why;
    }

    String id() {
        return text(resource, "id");
    }

    /** The registered program of this resource's events, if any. */
    java.util.Optional<Program> program() {
        return programs.find(programId);
    }

    String programId() {
        return programId;
    }

    /**
     * The client_ref of a reference to a Patient: the Patient's medical record number, whether the Patient is in
     * this Bundle, the same export or named by a logical reference {@code {identifier: {type MR, value}}}. Null,
     * with a problem saying what to add, when it cannot be resolved; null without one when the reference is to
     * something else than a Patient (a Group, a Practitioner).
     */
    String clientRef(JsonNode reference, String field) {
        String ref = text(reference, "reference");
        String type = ResourceMapping.firstNonNull(FhirResources.referenceType(reference), index.typeOf(ref).orElse(null));
        var patient = index.patient(ref);
        if (patient.isPresent()) {
            if (patient.get().recordNumber() == null) {
                problem(field, "refers to Patient " + patient.get().id() + ", which has no medical record number: "
                        + "add " + recordNumberHint() + " to the Patient");
            }
            return patient.get().recordNumber();
        }
        if (type != null && !type.equals("Patient")) {
            return null;
        }
        JsonNode identifier = reference.path("identifier");
        if (!identifier.isMissingNode()) {
            String value = text(identifier, "value");
            if (value != null && index.isRecordNumber(identifier)) {
                return value;
            }
            problem(field + ".identifier", "is not a medical record number: use " + recordNumberHint());
            return null;
        }
        if (ref == null) {
            problem(field, "is required: reference the Patient");
        } else {
            problem(field, "refers to " + ref + ", which is not in this " + scope
                    + ": include the Patient resource (a bulk export's Patient.ndjson) or reference it by "
                    + recordNumberHint());
        }
        return null;
    }

    private String recordNumberHint() {
        return index.mapping().mrnSystem().map(system -> "an identifier of system " + system + " ("
                + FhirMapping.MRN_SYSTEM_KEY + ")").orElse("an identifier typed MR (" + FhirCodes.IDENTIFIER_TYPE_SYSTEM
                + "), the medical record number");
    }

    /** The element whose Organization identifier names the clinic, when the resource has one. */
    private static String organizationField(JsonNode resource) {
        for (String field : new String[] {"managingOrganization", "serviceProvider"}) {
            if (text(resource.path(field).path("identifier"), "value") != null) {
                return field;
            }
        }
        return null;
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
