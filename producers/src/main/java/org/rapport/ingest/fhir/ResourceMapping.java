package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapport.client.IncomingEvent;
import org.rapport.validation.FieldError;

/** The mapping of one resource in progress: its identity, defaults, the events made and the problems met. */
final class ResourceMapping {

    final JsonNode resource;
    final String resourceType;
    private final String identity;
    private final String version;
    private final String clinicId;
    private final String programId;
    private final Map<String, String> patients;
    final List<IncomingEvent> events = new ArrayList<>();
    final List<FieldError> problems = new ArrayList<>();
    String skipped;

    ResourceMapping(JsonNode resource, String fullUrl, String defaultClinic, String defaultProgram,
                    Map<String, String> patients) {
        this.resource = resource;
        this.resourceType = text(resource, "resourceType");
        String id = text(resource, "id");
        this.identity = id != null ? id : fullUrl;
        this.version = text(resource.path("meta"), "versionId");
        this.clinicId = firstNonNull(FhirResources.extension(resource, FhirCodes.CLINIC_ID),
                organization(resource), defaultClinic);
        this.programId = firstNonNull(FhirResources.extension(resource, FhirCodes.PROGRAM_ID), defaultProgram);
        this.patients = patients;
        if (identity == null) {
            problem("id", "the resource has neither an id nor a fullUrl, so it cannot get a stable event_id");
        }
    }

    /** A new event of this resource with the common fields set; {@code part} tells its events apart. */
    IncomingEvent.Builder event(String type, String part) {
        return IncomingEvent.builder(type)
                .set("event_id", identity == null ? null : FhirResources.eventId(resourceType, identity, version, part))
                .set("clinic_id", clinicId)
                .set("program_id", programId)
                .set("recorded_at", FhirResources.instant(text(resource.path("meta"), "lastUpdated")));
    }

    void add(IncomingEvent.Builder event) {
        events.add(event.build());
    }

    void problem(String field, String problem) {
        problems.add(new FieldError(field, problem));
    }

    void skip(String why) {
        skipped = why;
    }

    String id() {
        return text(resource, "id");
    }

    /**
     * The client_ref a Reference names: the record number of a Patient in the same bundle, else the
     * reference's identifier or id. Null when the reference is not to a Patient.
     */
    String clientRef(JsonNode reference, String field) {
        String ref = text(reference, "reference");
        if (ref != null && patients.containsKey(ref)) {
            return patients.get(ref);
        }
        String type = FhirResources.referenceType(reference);
        if (type != null && !type.equals("Patient")) {
            return null;
        }
        if (ref != null && ref.startsWith("urn:")) {
            problem(field, "refers to " + ref + ", which is not a Patient of this bundle");
            return null;
        }
        return FhirResources.referenceKey(reference);
    }

    private static String organization(JsonNode resource) {
        for (String field : new String[] {"managingOrganization", "serviceProvider"}) {
            String id = text(resource.path(field).path("identifier"), "value");
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
