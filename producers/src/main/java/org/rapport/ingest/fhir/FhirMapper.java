package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rapport.client.IncomingEvent;
import org.rapport.client.Rejection;
import org.rapport.validation.FieldError;

/**
 * Maps FHIR R4 resources to Rapport events (SPEC §2; the choices are documented in producers/README.md):
 * EpisodeOfCare → episode, Encounter → session (+ attendance), Appointment → attendance,
 * QuestionnaireResponse → survey. Patients only lend their record number (client_ref) to the others
 * and never become events; other resource types are skipped.
 */
public final class FhirMapper {

    private final String defaultClinicId;
    private final String defaultProgramId;

    /**
     * @param defaultClinicId  clinic of resources that name none (the token's clinic in the gateway), or null
     * @param defaultProgramId program of resources that carry no program-id extension, or null
     */
    public FhirMapper(String defaultClinicId, String defaultProgramId) {
        this.defaultClinicId = blankToNull(defaultClinicId);
        this.defaultProgramId = blankToNull(defaultProgramId);
    }

    /** Every entry of a Bundle; indexes are entry positions. */
    public MappedEvents mapBundle(JsonNode bundle) {
        List<JsonNode> resources = new ArrayList<>();
        List<String> fullUrls = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            resources.add(entry.path("resource"));
            fullUrls.add(text(entry, "fullUrl"));
        }
        return map(resources, fullUrls);
    }

    /** Loose resources (ndjson lines); a Bundle among them is mapped entry by entry under its line. */
    public MappedEvents mapResources(List<JsonNode> resources) {
        List<String> fullUrls = new ArrayList<>();
        resources.forEach(r -> fullUrls.add(null));
        return map(resources, fullUrls);
    }

    private MappedEvents map(List<JsonNode> resources, List<String> fullUrls) {
        Map<String, String> patients = patientIndex(resources, fullUrls);
        List<IncomingEvent> events = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < resources.size(); i++) {
            ResourceMapping m = mapOne(resources.get(i), fullUrls.get(i), patients);
            if (!m.problems.isEmpty()) {
                for (FieldError e : m.problems) {
                    String resource = m.resourceType == null ? "resource" : m.resourceType;
                    rejections.add(new Rejection(i, resource + "." + e.field(), e.problem()));
                }
            } else if (m.events.isEmpty()) {
                skipped++;
            } else {
                for (IncomingEvent e : m.events) {
                    events.add(e);
                    sources.add(i);
                }
            }
        }
        return new MappedEvents(events, sources, rejections, skipped);
    }

    private ResourceMapping mapOne(JsonNode resource, String fullUrl, Map<String, String> patients) {
        ResourceMapping m = new ResourceMapping(resource, fullUrl, defaultClinicId, defaultProgramId, patients);
        if (!m.problems.isEmpty()) {
            return m;
        }
        switch (m.resourceType == null ? "" : m.resourceType) {
            case "EpisodeOfCare" -> CareMappings.episodeOfCare(m);
            case "Encounter" -> CareMappings.encounter(m);
            case "Appointment" -> CareMappings.appointment(m);
            case "QuestionnaireResponse" -> QuestionnaireMapping.questionnaireResponse(m);
            case "" -> m.problem("resourceType", "is missing: not a FHIR resource");
            default -> m.skip(m.resourceType + " carries no Rapport event");
        }
        return m;
    }

    /**
     * Patient reference → the clinic's record number: the identifier typed MR (medical record number),
     * else the first identifier, else the Patient's id.
     */
    private static Map<String, String> patientIndex(List<JsonNode> resources, List<String> fullUrls) {
        Map<String, String> index = new HashMap<>();
        for (int i = 0; i < resources.size(); i++) {
            JsonNode r = resources.get(i);
            if (!"Patient".equals(text(r, "resourceType"))) {
                continue;
            }
            String recordNumber = recordNumber(r);
            if (recordNumber == null) {
                continue;
            }
            if (fullUrls.get(i) != null) {
                index.put(fullUrls.get(i), recordNumber);
            }
            if (text(r, "id") != null) {
                index.put("Patient/" + text(r, "id"), recordNumber);
            }
        }
        return index;
    }

    private static String recordNumber(JsonNode patient) {
        String first = null;
        for (JsonNode identifier : patient.path("identifier")) {
            String value = text(identifier, "value");
            if (value == null) {
                continue;
            }
            if ("MR".equals(FhirResources.code(identifier.path("type"),
                    "http://terminology.hl7.org/CodeSystem/v2-0203"))) {
                return value;
            }
            first = first == null ? value : first;
        }
        return first != null ? first : text(patient, "id");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
