package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a resource may need from the other resources of the same Bundle or bulk export (whose files hold one
 * resource type each): the medical record number of each Patient, the id of each Practitioner, the counselor of
 * each Encounter, and the
 * discharge disposition an Encounter records for its EpisodeOfCare. Keys are what references hold: the
 * {@code fullUrl} ({@code urn:uuid:…}) and {@code Type/id}. Only record numbers and ids are kept, never names.
 */
public final class ExportIndex {

    /** A Patient of the export: its record number, or null when it has no identifier that is one. */
    record Patient(String id, String recordNumber) {
    }

    private final FhirMapping mapping;
    private final ExportIndex parent;
    private final Map<String, Patient> patients = new HashMap<>();
    private final Map<String, JsonNode> counselors = new HashMap<>();
    private final Map<String, String> practitioners = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, Disposition> dispositions = new HashMap<>();

    /** The latest discharge disposition recorded for an episode, by the Encounter's end. */
    private record Disposition(String end, JsonNode concept) {
    }

    public ExportIndex(FhirMapping mapping) {
        this(mapping, null);
    }

    private ExportIndex(FhirMapping mapping, ExportIndex parent) {
        this.mapping = mapping;
        this.parent = parent;
    }

    /** An empty index that falls back to this one: a Bundle's own resources over the whole export's. */
    ExportIndex child() {
        return new ExportIndex(mapping, this);
    }

    /** Takes note of a resource (any type; those that lend nothing are ignored). */
    public void add(JsonNode resource, String fullUrl) {
        String type = text(resource, "resourceType");
        String id = text(resource, "id");
        if (type != null && fullUrl != null) {
            types.put(fullUrl, type);
        }
        if ("Patient".equals(type)) {
            Patient patient = new Patient(id, recordNumber(resource.path("identifier")));
            keys(type, id, fullUrl).forEach(key -> patients.put(key, patient));
        } else if ("Practitioner".equals(type) || "PractitionerRole".equals(type)) {
            String staffId = id != null ? id : text(resource.path("identifier").path(0), "value");
            if (staffId != null) {
                keys(type, id, fullUrl).forEach(key -> practitioners.put(key, staffId));
            }
        } else if ("Encounter".equals(type)) {
            JsonNode counselor = EncounterMapping.counselorReference(resource);
            if (counselor != null) {
                keys(type, id, fullUrl).forEach(key -> counselors.put(key, counselor));
            }
            JsonNode disposition = resource.path("hospitalization").path("dischargeDisposition");
            if (!disposition.isMissingNode()) {
                addDisposition(resource, disposition);
            }
        }
    }

    /** The disposition of the episode's latest Encounter (by period.end) is the episode's. */
    private void addDisposition(JsonNode encounter, JsonNode disposition) {
        String end = text(encounter.path("period"), "end");
        Disposition candidate = new Disposition(end == null ? "" : end, disposition);
        for (JsonNode episode : encounter.path("episodeOfCare")) {
            String reference = text(episode, "reference");
            for (String key : new String[] {reference, FhirResources.localReference(reference)}) {
                Disposition known = key == null ? null : dispositions.get(key);
                if (key != null && (known == null || known.end().compareTo(candidate.end()) <= 0)) {
                    dispositions.put(key, candidate);
                }
            }
        }
    }

    /**
     * The medical record number among identifiers: the one of the configured system, else (no system configured)
     * the one typed MR (HL7 v2-0203). Never another identifier: an SSN or an EHR-internal id would give the same
     * person a second pseudonym.
     */
    String recordNumber(JsonNode identifiers) {
        Iterable<JsonNode> all = identifiers.isArray() ? identifiers : java.util.List.of(identifiers);
        for (JsonNode identifier : all) {
            String value = text(identifier, "value");
            if (value != null && isRecordNumber(identifier)) {
                return value;
            }
        }
        return null;
    }

    boolean isRecordNumber(JsonNode identifier) {
        return mapping.mrnSystem().map(system -> system.equals(text(identifier, "system")))
                .orElseGet(() -> "MR".equals(FhirResources.code(identifier.path("type"), FhirCodes.IDENTIFIER_TYPE_SYSTEM)));
    }

    Optional<Patient> patient(String reference) {
        return find(reference, index -> index.patients);
    }

    /** The type of the resource a {@code urn:uuid:} (or other fullUrl) reference points at, when it is here. */
    Optional<String> typeOf(String reference) {
        return find(reference, index -> index.types);
    }

    /** The counselor of an Encounter of the export (its first Practitioner participant). */
    Optional<String> counselorOf(String encounterReference) {
        return find(encounterReference, index -> index.counselors).map(this::counselor);
    }

    /**
     * The counselor_id a reference to a Practitioner names: the Practitioner's id (or first identifier) when it is in
     * the export, else the reference's identifier or the id of {@code Practitioner/<id>}; null for an unresolvable
     * {@code urn:uuid:} reference.
     */
    String counselor(JsonNode reference) {
        Optional<String> known = find(text(reference, "reference"), index -> index.practitioners);
        if (known.isPresent()) {
            return known.get();
        }
        String ref = text(reference, "reference");
        return ref != null && ref.startsWith("urn:") && text(reference.path("identifier"), "value") == null ? null
                : FhirResources.referenceKey(reference);
    }

    Optional<JsonNode> dischargeDispositionOf(String episodeId, String fullUrl) {
        for (String key : keys("EpisodeOfCare", episodeId, fullUrl)) {
            Optional<Disposition> d = find(key, index -> index.dispositions);
            if (d.isPresent()) {
                return Optional.of(d.get().concept());
            }
        }
        return Optional.empty();
    }

    /** A reference as written, else as {@code Type/id}, here and then in the parent. */
    private <V> Optional<V> find(String reference, java.util.function.Function<ExportIndex, Map<String, V>> table) {
        if (reference == null) {
            return Optional.empty();
        }
        String local = FhirResources.localReference(reference);
        for (ExportIndex index = this; index != null; index = index.parent) {
            V value = table.apply(index).get(reference);
            if (value == null && local != null) {
                value = table.apply(index).get(local);
            }
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The mapping it resolves record numbers with. */
    FhirMapping mapping() {
        return mapping;
    }

    private static java.util.List<String> keys(String type, String id, String fullUrl) {
        java.util.List<String> keys = new java.util.ArrayList<>(2);
        if (id != null) {
            keys.add(type + "/" + id);
        }
        if (fullUrl != null) {
            keys.add(fullUrl);
        }
        return keys;
    }
}
