package org.rapport.ingest.fhir;

import static org.rapport.ingest.fhir.FhirResources.extension;
import static org.rapport.ingest.fhir.FhirResources.instant;
import static org.rapport.ingest.fhir.FhirResources.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.rapport.avro.DischargeReason;
import org.rapport.avro.LevelOfCare;

/**
 * EpisodeOfCare → an admission at {@code period.start}, and a discharge at {@code period.end} once finished. What
 * R4 has no element for comes from the mapping and the program registry, never from Rapport-only additions the
 * EHR would not send: the level of care from {@code type} codes, else the program's; the discharge reason from
 * the extension or an Encounter's discharge disposition, else {@code OTHER} with a data-quality note.
 */
final class EpisodeMapping {

    private static final Set<String> VOID = Set.of("cancelled", "entered-in-error");
    private static final Set<String> NOT_YET = Set.of("planned", "waitlist");
    private static final String LEVELS = Arrays.stream(LevelOfCare.values()).map(Enum::name)
            .collect(Collectors.joining("|"));

    private EpisodeMapping() {
    }

    static void episodeOfCare(ResourceMapping m, FhirMapping mapping) {
        JsonNode r = m.resource;
        String status = text(r, "status");
        if (status != null && (VOID.contains(status) || NOT_YET.contains(status))) {
            m.skip("EpisodeOfCare is " + status + (NOT_YET.contains(status) ? ": not admitted yet" : ""));
            return;
        }
        String clientRef = m.clientRef(r.path("patient"), "patient");
        LevelOfCare level = levelOfCare(m, mapping);
        String start = instant(text(r.path("period"), "start"));
        String end = instant(text(r.path("period"), "end"));
        if (start == null) {
            m.problem("period.start", "is required: add the admission date and time");
            return;
        }
        // An active episode's period.end is a planned end, not a discharge.
        boolean finished = "finished".equals(status) || (status == null && end != null);
        m.add(episode(m, "admitted", clientRef, level).set("action", "ADMITTED").set("occurred_at", start)
                .source("occurred_at", m.path("period.start"), null));
        if (finished) {
            if (end == null) {
                m.problem("period.end", "is required when the EpisodeOfCare is finished: add the discharge date and time");
                return;
            }
            m.add(episode(m, "discharged", clientRef, level).set("action", "DISCHARGED").set("occurred_at", end)
                    .set("discharge_reason", dischargeReason(m, mapping).name())
                    .source("occurred_at", m.path("period.end"), null));
        }
    }

    private static org.rapport.client.IncomingEvent.Builder episode(ResourceMapping m, String part, String clientRef,
                                                                   LevelOfCare level) {
        return m.event("episode", part).set("client_ref", clientRef).set("level_of_care", level == null ? null : level.name())
                .source("client_ref", m.path("patient"), "reference the Patient")
                .source("level_of_care", m.path("type"), null);
    }

    /** The Rapport extension, else a mapped type coding, else the program's level of care; null with a problem. */
    private static LevelOfCare levelOfCare(ResourceMapping m, FhirMapping mapping) {
        String extension = extension(m.resource, FhirCodes.LEVEL_OF_CARE);
        if (extension != null) {
            try {
                return LevelOfCare.valueOf(extension.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                m.problem("extension:level-of-care", "'" + extension + "' is not one of " + LEVELS);
                return null;
            }
        }
        Optional<LevelOfCare> byType = mapping.levelOfCare(m.resource.path("type"));
        if (byType.isPresent()) {
            return byType.get();
        }
        var program = m.program();
        if (program.isPresent()) {
            return program.get().levelOfCare();
        }
        if (m.programId() != null) {
            return null; // an unregistered program: the converter names it, which is the problem to fix
        }
        m.problem("type", "gives no level of care Rapport knows: add a coding of " + FhirCodes.LEVEL_OF_CARE_SYSTEM
                + " (" + LEVELS + "), map your EHR's code in " + FhirMapping.FILE_KEY + " (level_of_care), or name a "
                + "program whose level_of_care the program registry knows");
        return null;
    }

    /** The extension's reason, else the disposition of an Encounter of the episode, else OTHER with a note. */
    private static DischargeReason dischargeReason(ResourceMapping m, FhirMapping mapping) {
        JsonNode extension = FhirResources.extensionNode(m.resource, FhirCodes.DISCHARGE_REASON);
        String code = firstText(extension, "valueCode", "valueString");
        if (code != null) {
            for (DischargeReason reason : DischargeReason.values()) {
                if (reason.name().equalsIgnoreCase(code)) {
                    return reason;
                }
            }
        }
        JsonNode concept = extension.has("valueCodeableConcept") ? extension.get("valueCodeableConcept")
                : extension.has("valueCoding") ? wrap(extension.get("valueCoding"))
                : code != null ? wrap(JsonNodeFactory.instance.objectNode().put("code", code))
                : m.index.dischargeDispositionOf(m.id(), m.fullUrl).orElse(null);
        if (concept == null) {
            m.note("extension:discharge-reason", "the EpisodeOfCare is finished but says no discharge reason: "
                    + "discharged as OTHER; add the extension " + FhirCodes.DISCHARGE_REASON + " (TEDS: COMPLETED, "
                    + "DROPPED_OUT …) or an Encounter of this episode with hospitalization.dischargeDisposition");
            return DischargeReason.OTHER;
        }
        Optional<DischargeReason> mapped = mapping.dischargeReason(concept);
        if (mapped.isEmpty()) {
            m.note("extension:discharge-reason", "discharge code " + codes(concept) + " is not mapped: discharged as "
                    + "OTHER; map it in " + FhirMapping.FILE_KEY + " (discharge_reason)");
        }
        return mapped.orElse(DischargeReason.OTHER);
    }

    private static JsonNode wrap(JsonNode coding) {
        var concept = JsonNodeFactory.instance.objectNode();
        concept.putArray("coding").add(coding);
        return concept;
    }

    private static String codes(JsonNode concept) {
        return java.util.stream.StreamSupport.stream(concept.path("coding").spliterator(), false)
                .map(c -> "'" + (text(c, "system") == null ? "" : text(c, "system") + "|") + text(c, "code") + "'")
                .collect(Collectors.joining(", "));
    }

    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            if (text(node, field) != null) {
                return text(node, field);
            }
        }
        return null;
    }
}
